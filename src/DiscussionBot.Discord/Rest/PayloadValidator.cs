namespace DiscussionBot.Discord.Rest;

/// <summary>Discord's limits, checked before sending: breaking one is a bug in the caller, not a network error.</summary>
internal static class PayloadValidator
{
    /// <summary>Autocomplete answers: at most 25 choices, names and values of 1–100 characters.</summary>
    public static void Validate(IReadOnlyList<ApplicationCommandOptionChoice> choices)
    {
        if (choices.Count > 25 || choices.Any(c => c.Name.Length is 0 or > 100 || c.Value.Length is 0 or > 100))
        {
            throw new ArgumentException("Autocomplete takes at most 25 choices with names and values of 1–100 characters.", nameof(choices));
        }
    }

    /// <summary>Content length, buttons (custom ids, at most 5 rows of 1–5) and native polls (question, answers, duration).</summary>
    public static void Validate(MessagePayload message)
    {
        if (message.Content is { Length: > MessagePayload.MaxContentLength })
        {
            throw new ArgumentException($"Message content is {message.Content.Length} characters; Discord allows {MessagePayload.MaxContentLength}.", nameof(message));
        }

        foreach (var button in message.Components?.SelectMany(r => r.Components) ?? [])
        {
            if (button.CustomId is { Length: > MessagePayload.MaxCustomIdLength or 0 })
            {
                throw new ArgumentException($"Button custom_id '{button.CustomId}' must be 1–{MessagePayload.MaxCustomIdLength} characters.", nameof(message));
            }
        }

        if (message.Components is { } rows && (rows.Count > 5 || rows.Any(r => r.Components.Count is 0 or > 5)))
        {
            throw new ArgumentException("A message takes at most 5 action rows of 1–5 buttons.", nameof(message));
        }

        if (message.Poll is { } poll)
        {
            Validate(poll);
        }
    }

    private static void Validate(PollCreate poll)
    {
        if (poll.Question.Text is not { Length: > 0 and <= PollCreate.MaxQuestionLength })
        {
            throw new ArgumentException($"A poll question must be 1–{PollCreate.MaxQuestionLength} characters.", nameof(poll));
        }

        if (poll.Answers.Count is 0 or > PollCreate.MaxAnswers)
        {
            throw new ArgumentException($"A poll takes 1–{PollCreate.MaxAnswers} answers, not {poll.Answers.Count}.", nameof(poll));
        }

        if (poll.Answers.FirstOrDefault(a => a.PollMedia.Text is not { Length: > 0 and <= PollCreate.MaxAnswerLength }) is { } bad)
        {
            throw new ArgumentException($"Poll answer '{bad.PollMedia.Text}' must be 1–{PollCreate.MaxAnswerLength} characters.", nameof(poll));
        }

        if (poll.Duration is < 1 or > PollCreate.MaxDurationHours)
        {
            throw new ArgumentException($"A poll lasts 1–{PollCreate.MaxDurationHours} hours (32 days).", nameof(poll));
        }
    }
}
