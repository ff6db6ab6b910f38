"""Built-in task plugins. Each module is registered on the app's plugin manager exactly like a
third-party plugin (see ``hf_tornado.registry.DEFAULT_PLUGINS``)."""
