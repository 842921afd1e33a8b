"""briefgen: Chinese news articles about an industrial park -> a typeset PDF brief."""

__version__ = "0.1.0"
