namespace Stratus.Sbpf.Memory;

public enum AccessType : byte
{
    Load,
    Store,
}
