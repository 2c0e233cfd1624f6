namespace Stratus.Sbpf.Memory;

/// <summary>
/// Per-thread reuse of stack and heap buffers (256 KiB of stack per VM would otherwise be a fresh
/// large allocation per program invocation). Buffers come back zeroed: callers return only all-zero
/// buffers (the VM zeroes the part its program could have touched), so renting does not clear 288 KiB.
/// </summary>
internal static class VmMemoryPool
{
    private const int MaxPerSize = 8;

    [ThreadStatic]
    private static Dictionary<int, Stack<byte[]>>? _free;

    public static byte[] Rent(int size)
    {
        if (size == 0) return [];
        if (_free != null && _free.TryGetValue(size, out var stack) && stack.Count > 0)
        {
            return stack.Pop();
        }
        return GC.AllocateArray<byte>(size, pinned: true);
    }

    public static void Return(byte[] buffer)
    {
        if (buffer.Length == 0) return;
        _free ??= new Dictionary<int, Stack<byte[]>>();
        if (!_free.TryGetValue(buffer.Length, out var stack))
            _free[buffer.Length] = stack = new Stack<byte[]>();
        if (stack.Count < MaxPerSize) stack.Push(buffer);
    }
}
