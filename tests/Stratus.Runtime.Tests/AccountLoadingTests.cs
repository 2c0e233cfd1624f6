using Stratus.Core;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Which accounts the processor copies: a program account only invoked (read-only, listed by no instruction) holds a
/// whole ELF and is used as the bank's object; every account a program can see or write is a private copy.
/// </summary>
public class AccountLoadingTests
{
    [Fact]
    public void OnlyInvokedProgramAccountIsNotCopied()
    {
        // An SPL Token transfer recorded from LiteSVM: fee payer, two token accounts and the owner, then the program.
        var vector = LiteSvmVector.Load(Path.Combine(LiteSvmVectorTests.VectorDir, "token_full_flow_3.json"));
        var result = vector.Run(out var pre);
        vector.AssertMatches(result);
        var message = vector.ParseTransaction().Message;
        var listed = new HashSet<byte>();
        for (var i = 0; i < message.InstructionCount; i++) listed.UnionWith(message.GetInstructionAccounts(i).ToArray());

        var shared = 0;
        for (var i = 0; i < result.PostAccounts.Count; i++)
        {
            var (key, account) = result.PostAccounts[i];
            if (!pre.TryGetValue(key, out var bankObject) || bankObject == null) continue;
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
        Assert.Equal(Pubkey.Parse("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"), result.PostAccounts.Single(a => ReferenceEquals(a.Account, pre[a.Key])).Key);
    }
}
