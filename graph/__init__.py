"""Events to a NetworkX actor-event graph: build, query, export."""
