namespace Stratus.AccountsDb.Store;

/// <summary>Where an account's data is: blob file <paramref name="FileId"/>, entry at byte <paramref name="Offset"/>.</summary>
public readonly record struct BlobLocation(uint FileId, ulong Offset);

/// <summary>A blob file: its length in bytes and how many of them belong to entries the accounts family still references.</summary>
public readonly record struct BlobFileInfo(uint Id, long Length, long LiveBytes);
