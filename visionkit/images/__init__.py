"""Every image a site publishes: workshop pictures, generated portraits, share cards."""
