namespace Stratus.AccountsDb.Store;

/// <summary>
/// Where an account's data is: blob file <paramref name="FileId"/>, entry at byte <paramref name="Offset"/>, its data
/// stored in <paramref name="StoredLength"/> bytes (fewer than the data's when compressed).
/// </summary>
public readonly record struct BlobLocation(uint FileId, ulong Offset, int StoredLength);

/// <summary>A blob file: its length in bytes and how many of them belong to entries the accounts family still references.</summary>
public readonly record struct BlobFileInfo(uint Id, long Length, long LiveBytes);
