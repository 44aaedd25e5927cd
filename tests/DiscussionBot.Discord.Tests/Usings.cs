global using System.Text.Json;
global using DiscussionBot.Discord.Gateway;
global using DiscussionBot.Discord.Rest;
global using DiscussionBot.Testing.Discord;
