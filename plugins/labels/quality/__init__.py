"""The National Quality Label: application windows, applications, evaluation."""
