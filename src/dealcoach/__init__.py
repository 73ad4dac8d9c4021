"""dealcoach: an evidence-based deal-qualification coach for B2B sales reps."""

__version__ = "0.1.0"
