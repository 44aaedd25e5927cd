#!/usr/bin/env bash
# Measures Debian's Open Text Summarizer beside ours on the same corpus: installs ots if missing
# (the benchmark's dependency, never the product's), then runs `discussionbot bench summarize`
# and `discussionbot eval`, which print ots's figures next to ours when ots is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpora/bbc-summary-dev.jsonl}"
if ! command -v ots >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq ots >/dev/null
fi
dotnet run -c Release --project src/DiscussionBot.Host -- bench summarize --corpus "$corpus"
dotnet run -c Release --project src/DiscussionBot.Host -- eval "$corpus" --ratio 0.4
