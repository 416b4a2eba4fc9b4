namespace ClaimsLedger.Tests.Support;

/// <summary>A JSON body sent as a client compressing it would send it: packed in the coding named, under Content-Encoding.</summary>
public static class Compressed
{
    public static ByteArrayContent Content(string coding, string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        using var packed = new MemoryStream();
        using (var packer = coding switch
        {
            "gzip" => new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new System.IO.Compression.ZLibStream(packed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true),
            "br" => new System.IO.Compression.BrotliStream(packed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true),
            _ => (Stream)new MemoryStream(),
        })
            packer.Write(bytes);
        var content = new ByteArrayContent(coding == "identity" ? bytes : packed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add(coding);
        return content;
    }
}
