"""Who is who: people as Slack shows them, the contractor registry, owners' private terms, availability."""
