using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>Helpers shared by the Ideogram, Segmind, API in One and core emulator tests.</summary>
internal static class EmuKit
{
    public static Task<IdeogramEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { JobStepDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        return IdeogramEmulator.StartAsync(options);
    }

    /// <summary>The SDK's client for one emulated host: no retries, polls start at once and give up after 30 s.</summary>
    public static IdeogramClient SdkClient(
        IdeogramEmulator emulator, IdeogramProvider provider, EmulatedProvider host, string key, HttpMessageHandler? transport = null, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = provider,
            ApiKey = key,
            BaseAddress = emulator.BaseAddress(host),
            MaxRetries = 0,
            Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(30) },

            // The emulator serves images (and URL inputs) from 127.0.0.1, a loopback address the SDK fetches only when allowed.
            AllowPrivateNetworkInputs = true,
        };
        configure?.Invoke(options);
        return transport is null ? new IdeogramClient(options) : new IdeogramClient(options, transport);
    }

    public static HttpClient Client(IdeogramEmulator emulator, EmulatedProvider provider) =>
        new() { BaseAddress = emulator.BaseAddress(provider), Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response);
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A multipart request; a value starting with "@png:WxH" becomes a PNG file part of that size.</summary>
    public static HttpRequestMessage Multipart(string path, string? apiKey, params (string Name, string Value)[] parts)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in parts)
        {
            if (value.StartsWith("@png:", StringComparison.Ordinal))
            {
                var spec = value[5..].Split(':');
                var size = spec[0].Split('x');
                var file = new ByteArrayContent(Png(int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture)));
                file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                content.Add(file, name, spec.Length > 1 ? spec[1] : "image.png");
            }
            else
            {
                content.Add(new StringContent(value), name);
            }
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("Api-Key", apiKey);
        }

        return request;
    }

    /// <summary>A minimal valid RGB PNG of the given size (test-side encoder, independent of the emulator's).</summary>
    public static byte[] Png(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(output, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(new byte[(1 + (width * 3)) * height]);
        }

        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        output.Write(buffer);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, BitwiseCrc32(typeAndData));
        output.Write(buffer);
    }

    /// <summary>CRC-32 computed bit by bit, without a table (independent of the emulator's table-driven one).</summary>
    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                var mask = (uint)-(int)(crc & 1);
                crc = (crc >> 1) ^ (0xEDB88320u & mask);
            }
        }

        return ~crc;
    }

    /// <summary>Decodes a PNG far enough to check it: signature, chunk CRCs, IHDR, inflated IDAT length.</summary>
    public static (int Width, int Height, int ColorType) VerifyPng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var offset = 8;
        int width = 0, height = 0, colorType = -1;
        using var idat = new MemoryStream();
        var sawEnd = false;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(BitwiseCrc32(typeAndData), crc);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    colorType = data[9];
                    Assert.Contains(colorType, new[] { 2, 6 });
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }

            offset += 12 + length;
        }

        Assert.True(sawEnd);
        Assert.Equal(png.Length, offset);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var channels = colorType == 6 ? 4 : 3;
        Assert.Equal((1 + (width * channels)) * height, inflated.Length);
        return (width, height, colorType);
    }
}
