namespace Stratus.Conformance;

/// <summary>
/// Runs the cases in one file format. The suite offers each file to the registered runners in order; the first
/// whose <see cref="CanRun"/> accepts it runs it.
/// </summary>
public interface ICaseRunner
{
    /// <summary>Short name of the format, e.g. <c>fixture</c> or <c>vm-interp-text</c>.</summary>
    string Kind { get; }

    /// <param name="header">The first bytes of the file (up to <see cref="ConformanceSuite.HeaderLength"/>).</param>
    bool CanRun(string path, ReadOnlySpan<byte> header);

    /// <summary>Every case in the file. May throw on I/O errors; the suite turns exceptions into failed cases.</summary>
    IEnumerable<CaseResult> Run(string path);
}
