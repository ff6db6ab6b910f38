"""Fixed requests across the surfaces and task families whose answers tests/test_golden.py pins."""
CASES = [
    ("pipeline-text-generation", "/models/gpt2", {"inputs": "Hello, my name is", "parameters": {"max_new_tokens": 12}}, {}),
    ("feature-extraction-minilm", "/models/sentence-transformers/all-MiniLM-L6-v2", {"inputs": "The quick brown fox"}, {}),
    ("chat", "/v1/chat/completions", {"model": "meta-llama/Llama-3.1-8B-Instruct", "messages": [{"role": "user", "content": "Say hi"}], "max_tokens": 20}, {}),
    ("embeddings-openai", "/v1/embeddings", {"model": "BAAI/bge-small-en-v1.5", "input": ["a", "b"], "encoding_format": "base64"}, {}),
    ("text-classification", "/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english", {"inputs": "I love this movie"}, {}),
    ("token-classification", "/models/dslim/bert-base-NER", {"inputs": "My name is Sarah and I live in London"}, {}),
    ("question-answering", "/models/deepset/roberta-base-squad2", {"inputs": {"question": "Where do I live?", "context": "My name is Wolfgang and I live in Berlin"}}, {}),
    ("text-to-image", "/models/black-forest-labs/FLUX.1-schnell", {"inputs": "a red fox", "parameters": {"width": 64, "height": 48}}, {"Accept": "image/png"}),
    ("text-to-speech", "/models/facebook/mms-tts-eng", {"inputs": "Hello world"}, {}),
    ("tei-rerank", "/rerank", {"query": "capital of France", "texts": ["Paris is the capital of France", "Berlin is in Germany"]}, {"Content-Type": "application/json"}),
]
