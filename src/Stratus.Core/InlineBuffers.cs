using System.Runtime.CompilerServices;

namespace Stratus.Core;

// Fixed-size storage for the key/hash/signature value types; byte elements keep alignment 1 so spans of
// wire bytes can be reinterpreted as spans of these types without copying.

[InlineArray(32)]
internal struct Buffer32
{
    private byte _element0;
}

[InlineArray(64)]
internal struct Buffer64
{
    private byte _element0;
}
