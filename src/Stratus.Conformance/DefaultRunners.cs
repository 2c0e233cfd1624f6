using Stratus.Conformance.Runners;

namespace Stratus.Conformance;

/// <summary>The runners <see cref="ConformanceSuite.CreateDefault"/> registers, in the order files are offered to them.</summary>
public static class DefaultRunners
{
    public static IReadOnlyList<ICaseRunner> Create() =>
    [
        new ProtobufFixtureRunner(KindRunners()),
        new InterpTextCaseRunner(),
        new LiteSvmVectorRunner(),
    ];

    public static IReadOnlyList<IFixtureKindRunner> KindRunners() =>
    [
        new ElfLoaderFixtureRunner(),
        new VmSyscallFixtureRunner(),
        new InstrFixtureRunner(),
        new TxnFixtureRunner(),
        new PendingKindRunner(),
    ];
}
