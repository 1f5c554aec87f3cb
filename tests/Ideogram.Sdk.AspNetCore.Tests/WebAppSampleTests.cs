using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ideogram.Sdk.AspNetCore.Tests;

/// <summary>
/// samples/WebApp as a user runs it, with no key: it starts the emulator, generates through its DI client, and the
/// emulator's callbacks reach its MapIdeogramCallbacks endpoint on a real Kestrel socket (WebApplicationFactory's
/// UseKestrel). Real time: the deliveries are real loopback I/O.
/// </summary>
public sealed class WebAppSampleTests
{
    [Theory]
    [InlineData("Runware")]
    [InlineData("Runflow")]
    public async Task The_sample_generates_a_poster_and_records_the_job_its_callback_endpoint_receives(string provider)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Ideogram:Provider", provider);
            web.UseSetting("Ideogram:ApiKey", string.Empty);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        using var http = factory.CreateClient();

        // The address a deployment gives in Ideogram:Callbacks:PublicUrl, known here once the socket is bound.
        factory.Services.GetRequiredService<IOptionsMonitor<IdeogramCallbackOptions>>().CurrentValue.PublicUrl = new Uri(http.BaseAddress!, "hooks/ideogram");

        using var poster = await http.PostAsJsonAsync("/posters", new { prompt = "A poster that says 'HELLO'" });
        var png = await poster.Content.ReadAsByteArrayAsync();
        using var submitted = await http.PostAsJsonAsync("/jobs", new { prompt = "A lighthouse at dawn", numImages = 2 });
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, $"{submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync()}");
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var job = await WaitForStateAsync(http, id, "Succeeded");

        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("image/png", poster.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal(2, job.GetProperty("images").GetArrayLength());
    }

    /// <summary>Reads GET /jobs/{id} until the callbacks put it in <paramref name="state"/> (at most 60 s of real time).</summary>
    private static async Task<JsonElement> WaitForStateAsync(HttpClient http, string id, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var view = await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
            if (view.GetProperty("state").GetString() == state && view.GetProperty("images").GetArrayLength() == 2)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The job is still {view}.");
            await Task.Delay(100);
        }
    }
}
