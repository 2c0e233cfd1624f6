using Google.Protobuf;
using Stratus.Conformance.Fixtures;

namespace Stratus.Conformance.Runners;

/// <summary>Checks one decoded protobuf fixture of the kinds it declares.</summary>
public interface IFixtureKindRunner
{
    IReadOnlyCollection<string> Kinds { get; }

    /// <param name="fixture">The decoded wrapper message (<see cref="Recognition.MessageType"/>).</param>
    CaseResult Run(string id, Recognition recognition, IMessage fixture);
}
