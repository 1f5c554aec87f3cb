namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>A file part of a multipart request, read into memory.</summary>
internal sealed record UploadedFile(string FieldName, string FileName, string? ContentType, byte[] Bytes);
