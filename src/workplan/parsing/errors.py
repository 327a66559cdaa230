"""Errors raised by the parser. Each carries a stable ``code``, its params and a Chinese message."""

from __future__ import annotations


class ParseError(Exception):
    """Base of every error the parsing library raises on bad input.

    ``code`` is stable (for API clients and tests); ``message`` is the Chinese text shown to users.
    """

    code = "parse_error"
    template = "无法解析文件：%(reason)s"

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.params = params
        self.message = message or (self.template % params if params else self.template)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UnsupportedFileType(ParseError):
    code = "unsupported_file_type"
    template = "不支持的文件类型：%(suffix)s"


class EmptyInput(ParseError):
    code = "empty_input"
    template = "文件为空：%(name)s"


class InputTooLarge(ParseError):
    code = "input_too_large"
    template = "文件过大：%(name)s 为 %(size_mb).1f MB，上限 %(limit_mb)d MB"


class BinaryInput(ParseError):
    code = "binary_input"
    template = "文件不是文本文档：%(name)s"


class BrokenFile(ParseError):
    code = "broken_file"
    template = "文件已损坏或无法读取：%(name)s（%(reason)s）"


class NoText(ParseError):
    code = "no_text"
    template = "文件中没有可提取的文字：%(name)s"
