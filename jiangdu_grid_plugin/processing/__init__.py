"""The Processing provider `jiangdu_grid` and its algorithms, one per module."""
