using System.Security.Cryptography;
using System.Text;

namespace ClaimsLedger.Common;

/// <summary>Ids that follow from a name, so the same thing loaded twice gets the same id (RFC 9562 version 5 layout, SHA-256).</summary>
public static class NameBasedId
{
    public static Guid From(string name) => From(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    public static Guid From(byte[] sha256)
    {
        var bytes = sha256[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
