using System.Text.Json;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Gateway;

/// <summary>Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes).</summary>
public enum GatewayOpCode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    PresenceUpdate = 3,
    VoiceStateUpdate = 4,
    Resume = 6,
    Reconnect = 7,
    RequestGuildMembers = 8,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}

/// <summary>Gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents).</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    /// <summary>Messages in DMs with the bot; they carry their content even without <see cref="MessageContent"/>.</summary>
    DirectMessages = 1 << 12,
    /// <summary>Privileged: must be enabled in the developer portal, else the gateway closes with 4014.</summary>
    MessageContent = 1 << 15,
    GuildMessagePolls = 1 << 24,

    /// <summary>What the bot identifies with.</summary>
    Bot = Guilds | GuildMessages | GuildMessageReactions | DirectMessages | MessageContent | GuildMessagePolls,
}

/// <summary>Any payload received from the gateway.</summary>
internal sealed record GatewayPayload(GatewayOpCode Op, JsonElement? D = null, int? S = null, string? T = null);

internal sealed record HelloEvent(int HeartbeatInterval);

internal sealed record ReadyEvent(int V, string SessionId, string ResumeGatewayUrl, DiscordUser? User = null);

/// <summary>Writes the few payloads the client sends, by hand: each is tiny and <c>d</c> must sometimes be an explicit null.</summary>
internal static class GatewayCommands
{
    public static byte[] Heartbeat(int? sequence) => Write(GatewayOpCode.Heartbeat, w =>
    {
        if (sequence is { } s)
        {
            w.WriteNumberValue(s);
        }
        else
        {
            w.WriteNullValue();
        }
    });

    public static byte[] Identify(string token, GatewayIntents intents, GatewayShard? shard = null) => Write(GatewayOpCode.Identify, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteNumber("intents", (int)intents);
        var s = shard ?? GatewayShard.Single;
        w.WriteStartArray("shard");
        w.WriteNumberValue(s.Id);
        w.WriteNumberValue(s.Count);
        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteString("os", Environment.OSVersion.Platform.ToString().ToLowerInvariant());
        w.WriteString("browser", "DiscussionBot");
        w.WriteString("device", "DiscussionBot");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static byte[] Resume(string token, string sessionId, int sequence) => Write(GatewayOpCode.Resume, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteString("session_id", sessionId);
        w.WriteNumber("seq", sequence);
        w.WriteEndObject();
    });

    private static byte[] Write(GatewayOpCode op, Action<Utf8JsonWriter> writeData)
    {
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("op", (int)op);
            w.WritePropertyName("d");
            writeData(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
