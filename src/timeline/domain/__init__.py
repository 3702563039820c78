"""What the record means: dates, the vocabulary of event types and their effects, validated
values, the checks, and the event-sourced aggregates. Nothing here touches a database."""
