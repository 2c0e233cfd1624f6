using Stratus.Crypto.Bn254;

namespace Stratus.Crypto.Tests.Bn254;

public class AltBn128VectorTests
{
    [Theory]
    [MemberData(nameof(EthereumVectors.Addition), MemberType = typeof(EthereumVectors))]
    public void Addition(string name, string input, string expected)
    {
        var output = new byte[AltBn128.AdditionOutputLength];
        Assert.Equal(AltBn128Error.None, AltBn128.Add(Hex.Decode(input), output));
        Assert.True(expected == Hex.Encode(output), name);
    }

    [Theory]
    [MemberData(nameof(EthereumVectors.Multiplication), MemberType = typeof(EthereumVectors))]
    public void Multiplication(string name, string input, string expected)
    {
        var output = new byte[AltBn128.MultiplicationOutputLength];
        Assert.Equal(AltBn128Error.None, AltBn128.Multiply(Hex.Decode(input), output));
        Assert.True(expected == Hex.Encode(output), name);
    }

    [Theory]
    [MemberData(nameof(EthereumVectors.Pairing), MemberType = typeof(EthereumVectors))]
    public void Pairing(string name, string input, string expected)
    {
        var output = new byte[AltBn128.PairingOutputLength];
        Assert.Equal(AltBn128Error.None, AltBn128.Pairing(Hex.Decode(input), output));
        Assert.True(expected == Hex.Encode(output), name);
    }
}
