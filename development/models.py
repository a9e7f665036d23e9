"""Development interviews, training and SKJ registration (to come)."""
