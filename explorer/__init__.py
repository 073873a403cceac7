"""The Dash explorer: view state, layout and one module per panel."""
