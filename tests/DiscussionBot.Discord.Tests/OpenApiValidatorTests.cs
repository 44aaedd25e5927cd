namespace DiscussionBot.Discord.Tests;

public sealed class OpenApiValidatorTests
{
    [Fact]
    public void A_valid_message_body_passes()
    {
        Assert.Empty(OpenApiValidator.Instance.Validate("POST", "/channels/1/messages", """{"content":"hi","allowed_mentions":{"parse":[]}}"""));
    }

    [Fact]
    public void The_validator_catches_wrong_types_limits_and_unknown_top_level_fields()
    {
        Assert.NotEmpty(OpenApiValidator.Instance.Validate("POST", "/channels/1/messages", """{"content":5}"""));
        Assert.NotEmpty(OpenApiValidator.Instance.Validate("POST", "/channels/1/messages", """{"contnet":"typo"}"""));
        Assert.NotEmpty(OpenApiValidator.Instance.Validate("POST", "/channels/1/messages",
            """{"poll":{"question":{"text":"q"},"answers":[{"poll_media":{"text":"a"}}],"duration":769}}"""));
        Assert.NotEmpty(OpenApiValidator.Instance.Validate("POST", "/interactions/1/t/callback", """{"type":99}"""));
        Assert.NotEmpty(OpenApiValidator.Instance.Validate("POST", "/channels/1/polls/2/expire", """{"x":1}"""));
    }
}
