using Stratus.Core;
using Stratus.TestCommon;

namespace Stratus.Crypto.Tests;

/// <summary>The thin overloads over Stratus.Core value types agree with the span APIs.</summary>
public class CoreTypeOverloadTests
{
    [SharedFact("misc/firedancer-txn/transaction2.bin")]
    public void Ed25519WithCoreTypes()
    {
        var tx = TestTransaction.Parse(File.ReadAllBytes(SharedData.Require("misc/firedancer-txn/transaction2.bin")));
        var signature = new Signature(tx.Signatures[0]);
        var signer = new Pubkey(tx.AccountKeys[0]);
        Assert.Equal(Ed25519Result.Valid, Ed25519.VerifyStrict(signature, tx.Message, signer));
        Assert.Equal(Ed25519Result.Valid, Ed25519.Verify(signature, tx.Message, signer));
        Assert.Equal(Ed25519Result.Mismatch, Ed25519.VerifyStrict(signature, tx.Message.AsSpan(1), signer));
        Assert.Equal(Hash.Parse("5RU5zmGssLozQpKH3HhQAGk4m4hQeLGs78NeAAUF2zSF"), MessageHash.ComputeHash(tx.Message));
    }

    [Fact]
    public void HashesAsCoreHash()
    {
        Assert.Equal(new Hash(Sha256.Hash("abc"u8)), Sha256.ComputeHash("abc"u8));
        Assert.Equal(new Hash(Blake3.Hash("abc"u8)), Blake3.ComputeHash("abc"u8));
        Assert.Equal(new Hash(MessageHash.Compute("abc"u8)), MessageHash.ComputeHash("abc"u8));
    }
}
