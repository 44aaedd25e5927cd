using System.Text.Json;
using System.Text.Json.Nodes;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Testing.Discord;

/// <summary>Payloads the fake gateway sends, shaped as in gateway-events.mdx.</summary>
public static class GatewayJson
{
    public static string Hello(int heartbeatIntervalMs) =>
        "{\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatIntervalMs + "},\"s\":null,\"t\":null}";

    public static string Ack() => """{"op":11}""";

    public static string HeartbeatRequest() => """{"op":1,"d":null}""";

    public static string Reconnect() => """{"op":7,"d":null}""";

    public static string InvalidSession(bool resumable) => resumable ? """{"op":9,"d":true}""" : """{"op":9,"d":false}""";

    public const string BotUserId = "200000000000000001";

    public static string Ready(int sequence, string sessionId, string resumeUrl) => Dispatch("READY", sequence, new JsonObject
    {
        ["v"] = 10,
        ["user"] = new JsonObject { ["id"] = BotUserId, ["username"] = "DiscussionBot", ["bot"] = true },
        ["guilds"] = new JsonArray(new JsonObject { ["id"] = "300000000000000001", ["unavailable"] = true }),
        ["session_id"] = sessionId,
        ["resume_gateway_url"] = resumeUrl,
        ["application"] = new JsonObject { ["id"] = "100000000000000001", ["flags"] = 0 },
    }.ToJsonString());

    public static string Resumed(int sequence) => Dispatch("RESUMED", sequence, "null");

    public static string Dispatch(string eventName, int sequence, string dataJson) =>
        "{\"op\":0,\"s\":" + sequence + ",\"t\":\"" + eventName + "\",\"d\":" + dataJson + "}";

    /// <summary>A slash command interaction in a guild, from a member with the given permission bitfield.</summary>
    public static string SlashCommand(string id, string name, string permissions = "0", string optionsJson = "[]") => new JsonObject
    {
        ["id"] = id,
        ["application_id"] = "100000000000000001",
        ["type"] = 2,
        ["token"] = "itoken-" + id,
        ["version"] = 1,
        ["guild_id"] = "300000000000000001",
        ["channel_id"] = "400000000000000001",
        ["locale"] = "en-US",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = "500000000000000001", ["username"] = "alice", ["global_name"] = "Alice" },
            ["roles"] = new JsonArray("600000000000000001"),
            ["permissions"] = permissions,
            ["nick"] = null,
        },
        ["data"] = new JsonObject { ["id"] = "700000000000000001", ["name"] = name, ["type"] = 1, ["options"] = JsonNode.Parse(optionsJson) },
    }.ToJsonString();

    /// <summary>A slash command with options as name/value pairs, from a member of the test guild.</summary>
    public static string Command(string id, string name, string permissions = "0", string userId = "500000000000000001", string[]? roles = null, params (string Name, object Value)[] options)
    {
        var array = new JsonArray();
        foreach (var (optionName, value) in options)
        {
            array.Add(new JsonObject
            {
                ["name"] = optionName,
                ["type"] = value is int or long ? 4 : 3,
                ["value"] = JsonValue.Create(value),
            });
        }

        var interaction = Interaction(id, 2, permissions, userId, roles);
        interaction["data"] = new JsonObject { ["id"] = "700000000000000001", ["name"] = name, ["type"] = 1, ["options"] = array };
        return interaction.ToJsonString();
    }

    /// <summary>An autocomplete interaction (type 4) of <paramref name="command"/> while the member types <paramref name="typed"/> into <paramref name="option"/>.</summary>
    public static string Autocomplete(string id, string command, string option, string typed, string? subcommand = null)
    {
        var focused = new JsonObject { ["name"] = option, ["type"] = 3, ["value"] = typed, ["focused"] = true };
        var options = subcommand is null
            ? new JsonArray { focused }
            : new JsonArray { new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = new JsonArray { focused } } };
        var interaction = Interaction(id, 4, "0", "500000000000000001", null);
        interaction["data"] = new JsonObject { ["id"] = "700000000000000001", ["name"] = command, ["type"] = 1, ["options"] = options };
        return interaction.ToJsonString();
    }

    /// <summary>A button press on <paramref name="messageId"/> in the test guild.</summary>
    public static string ButtonPress(string id, string customId, string messageId, string userId = "500000000000000001", string permissions = "0")
    {
        var interaction = Interaction(id, 3, permissions, userId, null);
        interaction["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
        interaction["message"] = new JsonObject
        {
            ["id"] = messageId,
            ["channel_id"] = "400000000000000001",
            ["author"] = new JsonObject { ["id"] = "200000000000000001", ["username"] = "DiscussionBot", ["bot"] = true },
            ["content"] = "",
        };
        return interaction.ToJsonString();
    }

    private static JsonObject Interaction(string id, int type, string permissions, string userId, string[]? roles) => new()
    {
        ["id"] = id,
        ["application_id"] = "100000000000000001",
        ["type"] = type,
        ["token"] = "itoken-" + id,
        ["version"] = 1,
        ["guild_id"] = "300000000000000001",
        ["channel_id"] = "400000000000000001",
        ["locale"] = "en-US",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = "member" + userId[^2..], ["global_name"] = null },
            ["roles"] = new JsonArray([.. (roles ?? []).Select(r => (JsonNode)JsonValue.Create(r))]),
            ["permissions"] = permissions,
            ["nick"] = null,
        },
    };

    public static JsonNode ParseNode(string json) => JsonNode.Parse(json)!;

    public static int Op(this JsonElement payload) => payload.GetProperty("op").GetInt32();
}
