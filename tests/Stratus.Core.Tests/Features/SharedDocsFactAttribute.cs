using Stratus.TestCommon;

namespace Stratus.Core.Tests.Features;

/// <summary>A fact that needs a file under <c>shared/docs</c>: skipped with a message when absent outside CI, failing under CI.</summary>
public sealed class SharedDocsFactAttribute : FactAttribute
{
    public SharedDocsFactAttribute(string relative)
    {
        if (!File.Exists(SharedData.DocsPath(relative)) && !SharedData.IsCi)
            Skip = $"shared doc '{relative}' not found (set STRATUS_SHARED or place ../shared beside the clone)";
    }
}
