"""The lowball ``/builtins`` dialect: lowball clients are users of the configured realm."""
