using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

/// <summary>Helpers for the Runflow emulator tests.</summary>
internal static class RfTestKit
{
    public const string Key = "rf_live_test_key";

    public static HttpClient Client(IdeogramEmulator emulator, string? key = Key)
    {
        var client = new HttpClient { BaseAddress = emulator.BaseAddress(EmulatedProvider.Runflow), Timeout = TimeSpan.FromSeconds(10) };
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(int Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = Json(json);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<(int Status, JsonElement Body)> CreateRunAsync(HttpClient client, string json) =>
        SendAsync(client, HttpMethod.Post, "v1/models/ideogram/v3/runs", json);

    public static Task<(int Status, JsonElement Body)> GetRunAsync(HttpClient client, string id) =>
        SendAsync(client, HttpMethod.Get, "v1/runs/" + id);
}

/// <summary>A callback handler that answers 200 and records what the emulator sent, so nothing leaves the machine.</summary>
internal sealed class RfRecordingHandler : HttpMessageHandler
{
    public ConcurrentQueue<(Uri Url, byte[] Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.RequestUri!, await request.Content!.ReadAsByteArrayAsync(cancellationToken)));
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
    }
}
