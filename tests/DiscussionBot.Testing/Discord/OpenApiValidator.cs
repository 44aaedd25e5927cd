using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Json.Schema;

namespace DiscussionBot.Testing.Discord;

/// <summary>
/// Validates request bodies against the requestBody schemas of Discord's openapi.json (../shared/specs/discord).
/// The spec's components/schemas become the <c>$defs</c> of one registered schema; each operation's body schema refers
/// into it. Top-level properties the schema does not know are rejected too (unevaluatedProperties), to catch typos.
/// </summary>
public sealed class OpenApiValidator
{
    private const string BaseUri = "https://discord.test/openapi.json";
    private static readonly Lazy<OpenApiValidator> s_instance = new(() => new OpenApiValidator(FindSpec()));

    private readonly List<Operation> _operations = [];
    private readonly EvaluationOptions _options;

    public static OpenApiValidator Instance => s_instance.Value;

    private OpenApiValidator(string specPath)
    {
        // Refs are rewritten from the OpenAPI location to a JSON Schema one so the standard resolver finds them.
        var text = File.ReadAllText(specPath).Replace("\"#/components/schemas/", $"\"{BaseUri}#/$defs/", StringComparison.Ordinal);
        var spec = JsonNode.Parse(text)!.AsObject();
        var defs = spec["components"]!["schemas"]!.DeepClone().AsObject();
        DocsOverSpec(defs);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = BaseUri,
            ["$defs"] = defs,
        };
        _options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        _options.SchemaRegistry.Register(JsonSchema.FromText(root.ToJsonString()));

        foreach (var (path, item) in spec["paths"]!.AsObject())
        {
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(path), @"\\\{[a-z_]+}", "[^/]+") + "$");
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("get" or "put" or "post" or "patch" or "delete") || operation is not JsonObject)
                {
                    continue; // path-level "parameters" and the like
                }

                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema)
                {
                    _operations.Add(new Operation(method.ToUpperInvariant(), path, pattern, null));
                    continue;
                }

                var strict = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["allOf"] = new JsonArray(schema.DeepClone()),
                    ["unevaluatedProperties"] = false,
                };
                _operations.Add(new Operation(method.ToUpperInvariant(), path, pattern, new Lazy<JsonSchema>(() => JsonSchema.FromText(strict.ToJsonString()))));
            }
        }

        // A literal route (…/messages/@original) wins over a templated one (…/messages/{message_id}).
        _operations.Sort((a, b) => a.Path.Count(c => c == '{').CompareTo(b.Path.Count(c => c == '{')));
    }

    /// <summary>
    /// Where the spec's README says to follow the docs: default_member_permissions is "?string" in
    /// application-commands.mdx but an integer in the spec ("our API accepts strings for int fields if they are
    /// parseable as ints"). Accept exactly that string form, nothing looser.
    /// </summary>
    private static void DocsOverSpec(JsonObject defs)
    {
        foreach (var name in new[] { "ApplicationCommandCreateRequest", "ApplicationCommandUpdateRequest", "ApplicationCommandPatchRequestPartial" })
        {
            if (defs[name]?["properties"]?["default_member_permissions"] is JsonObject property)
            {
                defs[name]!["properties"]!["default_member_permissions"] = new JsonObject
                {
                    ["anyOf"] = new JsonArray(property.DeepClone(), new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{1,20}$" }),
                };
            }
        }
    }

    /// <summary>
    /// Finds the operation for <paramref name="method"/> and <paramref name="path"/> (relative to /api/v10) and
    /// validates <paramref name="json"/> against its body schema. Returns the errors; empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string method, string path, string? json)
    {
        var operation = _operations.FirstOrDefault(o => o.Method == method && o.Pattern.IsMatch(path));
        if (operation is null)
        {
            return [$"{method} {path} is not an operation in openapi.json"];
        }

        if (operation.Schema is null)
        {
            return string.IsNullOrEmpty(json) ? [] : [$"{method} {operation.Path} takes no body, got {json}"];
        }

        if (string.IsNullOrEmpty(json))
        {
            return [$"{method} {operation.Path} requires a body"];
        }

        var result = operation.Schema.Value.Evaluate(JsonNode.Parse(json), _options);
        if (result.IsValid)
        {
            return [];
        }

        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{method} {operation.Path} {d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty($"{method} {operation.Path}: invalid body {json}")];
    }

    /// <summary>The operation's schema id (e.g. to assert which schema a body was checked against).</summary>
    public string? OperationPath(string method, string path) =>
        _operations.FirstOrDefault(o => o.Method == method && o.Pattern.IsMatch(path))?.Path;

    private static string FindSpec()
    {
        if (Environment.GetEnvironmentVariable("DISCORD_OPENAPI_JSON") is { Length: > 0 } configured)
        {
            return configured;
        }

        return SharedFiles.Find("specs", "discord", "openapi.json");
    }

    private sealed record Operation(string Method, string Path, Regex Pattern, Lazy<JsonSchema>? Schema);
}
