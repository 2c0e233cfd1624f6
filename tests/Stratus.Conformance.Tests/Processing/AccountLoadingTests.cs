using Stratus.Conformance.Runners;
using Stratus.Conformance.Tests.Vectors;
using Stratus.Conformance.Vectors;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests.Processing;

/// <summary>
/// Which accounts the processor copies: a program account only invoked (read-only, listed by no instruction) holds a
/// whole ELF and is used as the bank's object; every account a program can see or write is a private copy.
/// </summary>
public class AccountLoadingTests
{
    [SharedFact("elfs/litesvm/spl_token-3.5.0.so")]
    public void OnlyInvokedProgramAccountIsNotCopied()
    {
        // An SPL Token transfer recorded from LiteSVM: fee payer, two token accounts and the owner, then the program.
        var path = Path.Combine(VectorFiles.Root, "token", "transfer_by_delegate_ok.json");
        var read = VectorReader.Read(File.ReadAllBytes(path), VectorReferences.ForVectorFile(path));
        Assert.True(read.IsOk, read.Error);
        var vector = read.Vector!;
        Assert.True(LiteSvmVectorRunner.TryBuildState(vector, new DirectoryElfSource(SharedData.DataPath("")), out var pre, out var error), error);
        Assert.True(Transaction.TryParseExact(vector.Inputs.Transaction.Bytes, out var parsed).IsOk);
        var tx = parsed!;
        var result = new TransactionProcessor(LiteSvmVectorRunner.BuildEnvironment(vector, pre, tx)).Process(tx);
        Assert.True(result.IsSuccess, result.Status?.ToString());

        var message = tx.Message;
        var listed = new HashSet<byte>();
        for (var i = 0; i < message.InstructionCount; i++) listed.UnionWith(message.GetInstructionAccounts(i).ToArray());
        var shared = 0;
        for (var i = 0; i < result.PostAccounts.Count; i++)
        {
            var (key, account) = result.PostAccounts[i];
            if (!pre.TryGetValue(key, out var bankObject)) continue;
            if (!message.IsMaybeWritable(i) && !listed.Contains((byte)i))
            {
                Assert.Same(bankObject, account);
                shared++;
            }
            else
            {
                Assert.NotSame(bankObject, account);
            }
        }
        Assert.Equal(1, shared);
        Assert.Equal(Pubkey.Parse("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"), result.PostAccounts.Single(a => pre.TryGetValue(a.Key, out var b) && ReferenceEquals(a.Account, b)).Key);
    }
}
