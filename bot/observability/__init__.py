"""What an operator sees of a running Tandem: Prometheus metrics, structured logs, workspace health."""
