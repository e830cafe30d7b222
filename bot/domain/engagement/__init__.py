"""An engagement from kickoff to its end: plan, onboarding, guard rails, trials, deadlines, risk reviews."""
