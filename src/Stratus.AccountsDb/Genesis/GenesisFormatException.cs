namespace Stratus.AccountsDb.Genesis;

/// <summary>A genesis file that is not a valid bincode GenesisConfig; <see cref="Error"/> says which field and where.</summary>
public sealed class GenesisFormatException : Exception
{
    public GenesisFormatException(string? path, DecodeError error)
        : base(path == null ? $"invalid genesis config: {error}" : $"invalid genesis file {path}: {error}")
    {
        Path = path;
        Error = error;
    }

    public string? Path { get; }
    public DecodeError Error { get; }
}
