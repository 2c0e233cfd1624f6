using Stratus.TestCommon;

namespace Stratus.Crypto.Tests;

public class MessageHashTests
{
    // Expected values computed independently with @noble/hashes 1.x blake3 over
    // "solana-tx-message-v1" ‖ message, the message being each file's bytes after its signatures.
    [SharedTheory("misc/firedancer-txn", "misc/firedancer-pack-txn")]
    [InlineData("misc/firedancer-txn/transaction2.bin", "41b350428c47df7d3eff0e40f5fa79e81a812f913aa102e56ca516e1d88ad564")]
    [InlineData("misc/firedancer-pack-txn/txn1.bin", "3668e04503a941674316e3d08a3da5ef07713ded42cea68011718341163ff57b")]
    [InlineData("misc/firedancer-txn/transaction4.bin", "e240697577ef5e633fd640759985652700931311f82d1603c91c7d104b44979f")]
    public void RealTransactions(string file, string expected)
    {
        var tx = TestTransaction.Parse(File.ReadAllBytes(SharedData.Require(file)));
        Assert.Equal(expected, Hex.Encode(MessageHash.Compute(tx.Message)));
        var into = new byte[40];
        MessageHash.Compute(tx.Message, into);
        Assert.Equal(expected, Hex.Encode(into.AsSpan(0, 32)));
        Assert.All(into[32..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void IsBlake3OfPrefixAndMessage()
    {
        var message = new byte[1500];
        new Random(4).NextBytes(message);
        Assert.Equal(Blake3.Hash([.. "solana-tx-message-v1"u8, .. message]), MessageHash.Compute(message));
        Assert.Equal(Blake3.Hash("solana-tx-message-v1"u8), MessageHash.Compute([]));
        // Around the one-chunk boundary (prefix 20 bytes + message 1004 bytes = 1024).
        foreach (var length in new[] { 1003, 1004, 1005 })
            Assert.Equal(Blake3.Hash([.. "solana-tx-message-v1"u8, .. message.AsSpan(0, length)]), MessageHash.Compute(message.AsSpan(0, length)));
    }

    [Fact]
    public void ShortDestinationIsRejected()
    {
        Assert.Throws<ArgumentException>(() => MessageHash.Compute([1, 2, 3], new byte[31]));
    }
}
