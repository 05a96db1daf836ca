"""Adapters that let other frameworks call the advisor over HTTP (LangChain: `advisor.integrations.langchain`)."""
