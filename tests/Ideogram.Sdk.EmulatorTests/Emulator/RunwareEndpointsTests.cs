using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ideogram.Sdk.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Emulator;

public sealed class RunwareEndpointsTests
{
    private const string Key = "rw_test_key";
    private const string TinyPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private const string DocExample1 =
        """"
        {
          "taskType": "imageInference",
          "taskUUID": "c34775f2-381c-4c0d-89bc-1d8e9bb0499b",
          "model": "ideogram:4@3",
          "positivePrompt": "Edit only the masked areas of this bakery storefront image. Replace the existing window text with elegant, readable hand-painted typography that says 'BRAMBLE & RYE' on the main glass and add a smaller refined line beneath it reading 'slow-baked breads • seasonal pastries'. Update the masked hanging placard to say 'OPEN 7AM–3PM'. Keep the rest of the photo unchanged: realistic reflections, pastry displays, brick texture, painted wood trim, sidewalk context, natural morning light, and authentic neighborhood character. The new lettering should feel premium, artisanal, and production-ready, with balanced spacing, excellent legibility, subtle gold-cream paint, and a tasteful contemporary storefront branding aesthetic.",
          "providerSettings": {
            "ideogram": {
              "renderingSpeed": "QUALITY",
              "magicPrompt": "OFF",
              "styleType": "DESIGN",
              "stylePreset": "EDITORIAL"
            }
          },
          "inputs": {
            "seedImage": "https://assets.runware.ai/assets/inputs/423d5aa9-443b-4c2b-83f1-3712e2d0270d.jpg",
            "maskImage": "https://assets.runware.ai/assets/inputs/78428844-f4ae-40a5-b063-f57fd9b08167.jpg"
          }
        }
        """";

    private const string DocExample2 =
        """"
        {
          "taskType": "imageInference",
          "taskUUID": "c2e0416b-6cc1-4345-a8c1-31d473101eea",
          "model": "ideogram:4@3",
          "positivePrompt": "Replace only the masked vending machine branding area with a bold mid-century soda brand design reading 'FIZZROCKET' in crisp legible retro typography, cream and turquoise enamel lettering, small starburst accents, authentic printed product labels, slightly aged but clean commercial finish, perfectly integrated perspective, preserve all unmasked chrome surfaces, diner background, floor reflections, lighting, and camera framing",
          "providerSettings": {
            "ideogram": {
              "renderingSpeed": "QUALITY",
              "magicPrompt": "OFF",
              "styleType": "DESIGN",
              "stylePreset": "BAUHAUS"
            }
          },
          "inputs": {
            "seedImage": "https://assets.runware.ai/assets/inputs/b0ec5523-9d79-4973-a0dc-03be847d7ff7.jpg",
            "maskImage": "https://assets.runware.ai/assets/inputs/68dfcc5a-b894-4546-9e42-fb7de460fb91.jpg"
          }
        }
        """";

    private const string DocExample3 =
        """"
        {
          "taskType": "imageInference",
          "taskUUID": "828afc8c-87fb-42dd-a5ce-5cf4cdfc702e",
          "model": "ideogram:4@3",
          "positivePrompt": "Edit only the masked area of the existing atrium wayfinding mural. Replace the outdated text block with refined environmental graphic design that reads exactly: \"NORTH HALL\", \"Studios 1-4\", \"Workshops\", \"Ticket Desk\". Add simple geometric arrow icons and a clean visual hierarchy, aligned to the wall perspective. Preserve the surrounding painted mural, wall texture, lighting, shadows, floor reflections, and architectural details unchanged. Sophisticated civic interior branding, highly legible typography, polished color palette of cobalt, cream, and terracotta, realistic integration.",
          "providerSettings": {
            "ideogram": {
              "renderingSpeed": "QUALITY",
              "magicPrompt": "OFF",
              "styleType": "DESIGN",
              "stylePreset": "BAUHAUS"
            }
          },
          "inputs": {
            "seedImage": "https://assets.runware.ai/assets/inputs/8de2e5e8-dd50-46dc-a5e3-4a8a33e429f0.jpg",
            "maskImage": "https://assets.runware.ai/assets/inputs/63a93508-6e34-41ce-82a8-d387c3360b6e.jpg"
          }
        }
        """";

    private const string DocExample4 =
        """"
        {
          "taskType": "imageInference",
          "taskUUID": "f1686893-e02a-4c87-9c9d-a1e5bceb700a",
          "model": "ideogram:4@3",
          "positivePrompt": "Edit only the masked hanging menu board area. Replace the cluttered old board with a refined contemporary café menu design that fits the aquarium interior. Use crisp legible typography, balanced spacing, soft sea-glass color accents, and realistic printed sign materials. Include the text: 'Drift Cafe' at the top, then sections 'COFFEE', 'SPARKLING', and 'BAKERY'. Under COFFEE: 'Espresso 4', 'Flat White 5', 'Cold Brew 5'. Under SPARKLING: 'Citrus Tonic 6', 'Ginger Lime 6'. Under BAKERY: 'Miso Biscuit 4', 'Pear Tart 5'. Keep perspective, lighting, shadows, and mounting consistent with the original scene. Preserve everything outside the mask unchanged.",
          "providerSettings": {
            "ideogram": {
              "renderingSpeed": "QUALITY",
              "magicPrompt": "OFF",
              "styleType": "DESIGN",
              "stylePreset": "MAGAZINE_EDITORIAL"
            }
          },
          "inputs": {
            "seedImage": "https://assets.runware.ai/assets/inputs/a68c7d4b-3570-4ed8-8ecd-b545479cf8e2.jpg",
            "maskImage": "https://assets.runware.ai/assets/inputs/295882c1-7cc2-4720-be9b-b4e309aec1de.jpg"
          }
        }
        """";

    public static TheoryData<string> DocExamples => new() { DocExample1, DocExample2, DocExample3, DocExample4 };

    private static HttpClient Client(IdeogramEmulator emulator, string? key = Key)
    {
        var client = new HttpClient { BaseAddress = emulator.BaseAddress(EmulatedProvider.Runware), Timeout = TimeSpan.FromSeconds(10) };
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("v1", new StringContent(json, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Task(object task) => JsonSerializer.Serialize(new[] { task });

    private static string NewUuid() => Guid.NewGuid().ToString();

    private static object Generate(string uuid, string prompt = "A vintage coffee shop sign", string delivery = "sync", int results = 1) => new
    {
        taskType = "imageInference", taskUUID = uuid, model = "ideogram:4@1", positivePrompt = prompt, width = 1024, height = 1024,
        numberResults = results, deliveryMethod = delivery,
        providerSettings = new { ideogram = new { renderingSpeed = "QUALITY", magicPrompt = "AUTO", styleType = "DESIGN" } },
    };

    [Theory]
    [MemberData(nameof(DocExamples))]
    public async Task Documented_edit_examples_are_accepted_and_answer_one_result_item(string example)
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (status, body) = await PostAsync(client, "[" + example + "]");

        Assert.Equal(200, status);
        Assert.False(body.TryGetProperty("errors", out _));
        var item = Assert.Single(body.GetProperty("data").EnumerateArray());
        var request = JsonDocument.Parse(example).RootElement;
        Assert.Equal("imageInference", item.GetProperty("taskType").GetString());
        Assert.Equal(request.GetProperty("taskUUID").GetString(), item.GetProperty("taskUUID").GetString());
        Assert.True(Guid.TryParse(item.GetProperty("imageUUID").GetString(), out _));
        Assert.True(item.GetProperty("seed").GetInt64() > 0);
        Assert.False(item.TryGetProperty("cost", out _));
        using var image = await client.GetAsync(new Uri(item.GetProperty("imageURL").GetString()!));
        Assert.Equal(System.Net.HttpStatusCode.OK, image.StatusCode);
    }

    [Fact]
    public async Task Missing_or_wrong_key_answers_401_invalidApiKey_and_the_authentication_task_is_an_alternative()
    {
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { ApiKey = Key });
        using var anonymous = Client(emulator, key: null);
        using var wrong = Client(emulator, key: "nope");

        foreach (var (client, json) in new[] { (anonymous, Task(Generate(NewUuid()))), (wrong, Task(Generate(NewUuid()))) })
        {
            var (status, body) = await PostAsync(client, json);
            Assert.Equal(401, status);
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
            Assert.Equal("invalidApiKey", error.GetProperty("code").GetString());
            Assert.Equal("apiKey", error.GetProperty("parameter").GetString());
            Assert.Equal("authentication", error.GetProperty("taskType").GetString());
        }

        var uuid = NewUuid();
        var withAuthTask = JsonSerializer.Serialize(new object[] { new { taskType = "authentication", apiKey = Key }, Generate(uuid) });
        var (okStatus, ok) = await PostAsync(anonymous, withAuthTask);
        Assert.Equal(200, okStatus);
        Assert.Equal(uuid, Assert.Single(ok.GetProperty("data").EnumerateArray()).GetProperty("taskUUID").GetString());

        var badAuthTask = JsonSerializer.Serialize(new object[] { new { taskType = "authentication", apiKey = "nope" }, Generate(NewUuid()) });
        Assert.Equal(401, (await PostAsync(anonymous, badAuthTask)).Status);
    }

    [Theory]
    [InlineData("""{"taskType":"imageInference","taskUUID":"not-a-uuid","model":"ideogram:4@1","positivePrompt":"x"}""", "invalidParameter", "taskUUID")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"6f1f3b1e-2c8d-1a4b-9c3d-2e5f6a7b8c9d","model":"ideogram:4@1","positivePrompt":"x"}""", "invalidParameter", "taskUUID")]
    [InlineData("""{"taskType":"imageInference","model":"ideogram:4@1","positivePrompt":"x"}""", "missingParameter", "taskUUID")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@0","positivePrompt":"x"}""", "unknownModel", "model")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1"}""", "missingParameter", "positivePrompt")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","width":1000,"height":1000}""", "invalidParameter", "[width,height]")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","width":1024}""", "invalidParameter", "[width,height]")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@3","positivePrompt":"x","width":1024,"height":1024,"inputs":{"seedImage":"https://example.com/a.jpg","maskImage":"https://example.com/m.jpg"}}""", "unsupportedParameter", "width")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@3","positivePrompt":"x","inputs":{"seedImage":"https://example.com/a.jpg"}}""", "missingParameter", "inputs.maskImage")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@3","positivePrompt":"x","seedImage":"https://example.com/a.jpg","maskImage":"https://example.com/m.jpg"}""", "unsupportedParameter", "seedImage")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@4","positivePrompt":"x","width":1536,"height":640,"inputs":{"seedImage":"https://example.com/a.jpg"}}""", "unsupportedParameter", "positivePrompt")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@4","inputs":{"seedImage":"https://example.com/a.jpg"}}""", "missingParameter", "[width,height]")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@5","positivePrompt":"x","inputs":{"seedImage":"https://example.com/a.jpg","maskImage":"https://example.com/m.jpg"}}""", "unsupportedParameter", "inputs.maskImage")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@2","positivePrompt":"x"}""", "missingParameter", "inputs.referenceImages")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","inputs":{"seedImage":"https://example.com/a.jpg"}}""", "unsupportedParameter", "inputs.seedImage")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@3","positivePrompt":"x","inputs":{"seedImage":"ftp://example.com/a.jpg","maskImage":"https://example.com/m.jpg"}}""", "invalidParameter", "inputs.seedImage")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@3","positivePrompt":"x","inputs":{"seedImage":"3b241101-e2bb-4255-8caf-4136c566a962","maskImage":"https://example.com/m.jpg"}}""", "invalidParameter", "inputs.seedImage")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","numberResults":21}""", "invalidParameter", "numberResults")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","outputType":"url"}""", "invalidParameter", "outputType")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","outputFormat":"GIF"}""", "invalidParameter", "outputFormat")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","outputQuality":100}""", "invalidParameter", "outputQuality")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","deliveryMethod":"later"}""", "invalidParameter", "deliveryMethod")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","ttl":59}""", "invalidParameter", "ttl")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","guidance":7}""", "unsupportedParameter", "guidance")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"renderingSpeed":"BALANCED"}}}""", "invalidParameter", "providerSettings.ideogram.renderingSpeed")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"magicPrompt":"YES"}}}""", "invalidParameter", "providerSettings.ideogram.magicPrompt")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"stylePreset":"NOPE"}}}""", "invalidParameter", "providerSettings.ideogram.stylePreset")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"styleCode":"AABBCCDD"}}}""", "unsupportedParameter", "providerSettings.ideogram.styleCode")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"colorPalette":{"name":"EMBER"}}}}""", "unsupportedParameter", "providerSettings.ideogram.colorPalette")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"bfl":{}}}""", "unknownProviderSettingsProvider", "providerSettings.bfl")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"styleReferenceImages":["https://e.com/1.png","https://e.com/2.png","https://e.com/3.png","https://e.com/4.png","https://e.com/5.png"]}}}""", "invalidParameter", "providerSettings.ideogram.styleReferenceImages")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","providerSettings":{"ideogram":{"characterReferenceImages":["https://e.com/1.png"],"characterReferenceImagesMask":["https://e.com/1.png","https://e.com/2.png"]}}}""", "invalidParameter", "providerSettings.ideogram.characterReferenceImagesMask")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@2","positivePrompt":"x","inputs":{"referenceImages":["https://e.com/1.png"]},"providerSettings":{"ideogram":{"styleCode":"AABBCCDD","styleType":"DESIGN"}}}""", "invalidParameter", "[providerSettings.ideogram.styleCode,providerSettings.ideogram.styleType,providerSettings.ideogram.styleReferenceImages]")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","webhookURL":42}""", "invalidParameter", "webhookURL")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","webhookURL":["https://example.com/hook"]}""", "invalidParameter", "webhookURL")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","webhookURL":"/hooks/relative"}""", "invalidParameter", "webhookURL")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","webhookURL":"ftp://example.com/hook"}""", "invalidParameter", "webhookURL")]
    [InlineData("""{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","uploadEndpoint":"https://example.com/put"}""", "unsupportedParameter", "uploadEndpoint")]
    [InlineData("""{"taskType":"videoInference","taskUUID":"UUID"}""", "unsupportedTaskType", "taskType")]
    public async Task Invalid_tasks_are_refused_with_the_Runware_error_shape(string task, string code, string parameter)
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var uuid = NewUuid();

        var (status, body) = await PostAsync(client, "[" + task.Replace("\"UUID\"", "\"" + uuid + "\"", StringComparison.Ordinal) + "]");

        Assert.Equal(400, status);
        Assert.False(body.TryGetProperty("data", out _));
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("code").GetString());
        var actual = error.GetProperty("parameter");
        Assert.Equal(parameter, actual.ValueKind == JsonValueKind.Array ? "[" + string.Join(",", actual.EnumerateArray().Select(p => p.GetString())) + "]" : actual.GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        if (task.Contains("\"UUID\"", StringComparison.Ordinal))
            Assert.Equal(uuid, error.GetProperty("taskUUID").GetString());
    }

    [Fact]
    public async Task Each_model_accepts_its_documented_shape()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var tasks = new object[]
        {
            Generate(NewUuid()),
            new { taskType = "imageInference", taskUUID = NewUuid(), model = "ideogram:4@2", positivePrompt = "Remix", width = 1312, height = 736,
                  inputs = new { referenceImages = new[] { "https://example.com/r.png" } },
                  providerSettings = new { ideogram = new { remixStrength = 80, styleCode = "A1B2C3D4" } } },
            new { taskType = "imageInference", taskUUID = NewUuid(), model = "ideogram:4@4", width = 1536, height = 640,
                  providerSettings = new { ideogram = new { renderingSpeed = "QUALITY", magicPrompt = "ON", stylePreset = "ART_DECO" } },
                  inputs = new { seedImage = "https://example.com/s.jpg" } },
            new { taskType = "imageInference", taskUUID = NewUuid(), model = "ideogram:4@5", positivePrompt = "A beach at dusk",
                  inputs = new { seedImage = "data:image/png;base64," + TinyPng } },
        };

        var (status, body) = await PostAsync(client, JsonSerializer.Serialize(tasks));

        Assert.Equal(200, status);
        Assert.False(body.TryGetProperty("errors", out _));
        Assert.Equal(4, body.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Output_types_cost_and_safety_shape_each_result_item()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var uuid = NewUuid();

        var (status, body) = await PostAsync(client, Task(new
        {
            taskType = "imageInference", taskUUID = uuid, model = "ideogram:4@1", positivePrompt = "EMULATOR_NSFW poster", numberResults = 3,
            seed = 100, outputType = "base64Data", outputFormat = "PNG", includeCost = true, safety = new { checkContent = true },
            providerSettings = new { ideogram = new { renderingSpeed = "TURBO" } },
        }));

        Assert.Equal(200, status);
        var items = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(uuid, i.GetProperty("taskUUID").GetString()));
        Assert.Equal([100L, 101L, 102L], items.Select(i => i.GetProperty("seed").GetInt64()));
        Assert.All(items, i => Assert.Equal(0.03, i.GetProperty("cost").GetDouble()));
        Assert.All(items, i => Assert.True(i.GetProperty("NSFWContent").GetBoolean()));
        Assert.All(items, i => Assert.False(i.TryGetProperty("imageURL", out _)));
        Assert.Equal(0x89, Convert.FromBase64String(items[0].GetProperty("imageBase64Data").GetString()!)[0]);

        var (_, dataUri) = await PostAsync(client, Task(new { taskType = "imageInference", taskUUID = NewUuid(), model = "ideogram:4@1", positivePrompt = "x", outputType = "dataURI" }));
        var item = Assert.Single(dataUri.GetProperty("data").EnumerateArray());
        Assert.StartsWith("data:image/png;base64,", item.GetProperty("imageDataURI").GetString(), StringComparison.Ordinal);
        Assert.False(item.TryGetProperty("NSFWContent", out _));
    }

    [Fact]
    public async Task Async_task_is_acknowledged_then_getResponse_reports_processing_then_success()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 6, 10, 0, 0, TimeSpan.Zero));
        await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { TimeProvider = time, JobStepDelay = TimeSpan.FromSeconds(5) });
        using var client = Client(emulator);
        var uuid = NewUuid();

        var (ackStatus, ack) = await PostAsync(client, Task(Generate(uuid, delivery: "async", results: 2)));
        Assert.Equal(200, ackStatus);
        var placeholder = Assert.Single(ack.GetProperty("data").EnumerateArray());
        Assert.Equal(["taskType", "taskUUID"], placeholder.EnumerateObject().Select(p => p.Name));
        Assert.Equal(uuid, placeholder.GetProperty("taskUUID").GetString());

        var poll = Task(new { taskType = "getResponse", taskUUID = uuid });
        time.Advance(TimeSpan.FromSeconds(4));
        var (_, pending) = await PostAsync(client, poll);
        var processing = pending.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, processing.Count);
        Assert.All(processing, p => Assert.Equal("processing", p.GetProperty("status").GetString()));
        Assert.All(processing, p => Assert.Equal("imageInference", p.GetProperty("taskType").GetString()));

        time.Advance(TimeSpan.FromSeconds(1));
        var (_, done) = await PostAsync(client, poll);
        var results = done.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("success", r.GetProperty("status").GetString()));
        Assert.All(results, r => Assert.StartsWith("http://127.0.0.1:", r.GetProperty("imageURL").GetString(), StringComparison.Ordinal));

        var (_, again) = await PostAsync(client, poll);
        Assert.Equal(results[0].GetProperty("imageUUID").GetString(), again.GetProperty("data")[0].GetProperty("imageUUID").GetString());

        var (unknown, unknownBody) = await PostAsync(client, Task(new { taskType = "getResponse", taskUUID = NewUuid() }));
        Assert.Equal(404, unknown);
        Assert.Equal("taskNotFound", unknownBody.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Magic_words_fail_the_task_sync_and_async_and_refuse_for_credit()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);

        var (syncStatus, sync) = await PostAsync(client, Task(Generate(NewUuid(), "EMULATOR_FAIL sign")));
        Assert.Equal(500, syncStatus);
        Assert.Equal("inferenceError", sync.GetProperty("errors")[0].GetProperty("code").GetString());

        var uuid = NewUuid();
        Assert.Equal(200, (await PostAsync(client, Task(Generate(uuid, "EMULATOR_FAIL sign", "async")))).Status);
        var (_, polled) = await PostAsync(client, Task(new { taskType = "getResponse", taskUUID = uuid }));
        var error = Assert.Single(polled.GetProperty("errors").EnumerateArray());
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal(uuid, error.GetProperty("taskUUID").GetString());

        var (creditStatus, credit) = await PostAsync(client, Task(Generate(NewUuid(), "EMULATOR_NO_CREDIT")));
        Assert.Equal(402, creditStatus);
        Assert.Equal("insufficientCredits", credit.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Uploaded_image_is_served_and_usable_by_uuid_as_an_input()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var uploadUuid = NewUuid();

        var (status, upload) = await PostAsync(client, Task(new { taskType = "imageUpload", taskUUID = uploadUuid, image = "data:image/png;base64," + TinyPng }));
        Assert.Equal(200, status);
        var uploaded = Assert.Single(upload.GetProperty("data").EnumerateArray());
        Assert.Equal("imageUpload", uploaded.GetProperty("taskType").GetString());
        Assert.Equal(uploadUuid, uploaded.GetProperty("taskUUID").GetString());
        var imageUuid = uploaded.GetProperty("imageUUID").GetString()!;
        Assert.Equal(Convert.FromBase64String(TinyPng), await client.GetByteArrayAsync(new Uri(uploaded.GetProperty("imageURL").GetString()!)));

        var (editStatus, edit) = await PostAsync(client, Task(new
        {
            taskType = "imageInference", taskUUID = NewUuid(), model = "ideogram:4@3", positivePrompt = "Change the sign",
            inputs = new { seedImage = imageUuid, maskImage = TinyPng },
        }));
        Assert.Equal(200, editStatus);
        var generatedUuid = Assert.Single(edit.GetProperty("data").EnumerateArray()).GetProperty("imageUUID").GetString();

        var (reframeStatus, _) = await PostAsync(client, Task(new
        {
            taskType = "imageInference", taskUUID = NewUuid(), model = "ideogram:4@4", width = 640, height = 1536, inputs = new { seedImage = generatedUuid },
        }));
        Assert.Equal(200, reframeStatus);

        var (badStatus, bad) = await PostAsync(client, Task(new { taskType = "imageUpload", taskUUID = NewUuid(), image = "bm90IGFuIGltYWdl" }));
        Assert.Equal(400, badStatus);
        Assert.Equal("image", bad.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_valid_and_an_invalid_task_in_one_array_answer_200_with_data_and_errors()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var good = NewUuid();
        var bad = NewUuid();

        var (status, body) = await PostAsync(client, JsonSerializer.Serialize(new object[]
        {
            Generate(good),
            new { taskType = "imageInference", taskUUID = bad, model = "ideogram:4@1", positivePrompt = "x", width = 999, height = 999 },
        }));

        Assert.Equal(200, status);
        Assert.Equal(good, Assert.Single(body.GetProperty("data").EnumerateArray()).GetProperty("taskUUID").GetString());
        Assert.Equal(bad, Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("taskUUID").GetString());
    }

    [Fact]
    public async Task Duplicate_task_uuids_non_arrays_and_unknown_fields_follow_the_strictness_rules()
    {
        await using var emulator = await IdeogramEmulator.StartAsync();
        using var client = Client(emulator);
        var uuid = NewUuid();

        var (duplicateStatus, duplicate) = await PostAsync(client, JsonSerializer.Serialize(new[] { Generate(uuid), Generate(uuid) }));
        Assert.Equal(200, duplicateStatus);
        Assert.Equal("duplicateTaskUUID", duplicate.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(400, (await PostAsync(client, Task(Generate(uuid)))).Status);

        var (objectStatus, objectBody) = await PostAsync(client, JsonSerializer.Serialize(Generate(NewUuid())));
        Assert.Equal(400, objectStatus);
        Assert.Equal("invalidRequestBody", objectBody.GetProperty("errors")[0].GetProperty("code").GetString());

        await using var lenient = await IdeogramEmulator.StartAsync(new EmulatorOptions { AllowUnknownFields = true });
        using var lenientClient = Client(lenient);
        var (lenientStatus, _) = await PostAsync(lenientClient, """[{"taskType":"imageInference","taskUUID":"UUID","model":"ideogram:4@1","positivePrompt":"x","guidance":7}]""".Replace("\"UUID\"", "\"" + NewUuid() + "\"", StringComparison.Ordinal));
        Assert.Equal(200, lenientStatus);
    }
}
