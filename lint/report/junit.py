"""JUnit XML, which CI servers (Jenkins, GitLab, Azure, CircleCI) render as test results:
one failing test case per finding, one passing test case per clean file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lint.printable import escape_char
from lint.report import ReportContext, Summary
from lint.runner import FileResult

# what XML 1.0 cannot hold even as a character reference (outside its Char production)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Reporter:
    def __init__(self, context: ReportContext) -> None:
        self.out = context.out
        self.suite = ET.Element("testsuite", name="healthlint")
        self.tests = self.failures = self.errors = 0

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            case = ET.SubElement(self.suite, "testcase", classname=f.path, name=f"{f.rule} at {f.line}:{f.column}",
                                 file=f.path, line=str(f.line))  # fmt: skip
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            failure.text = f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}\nhint: {f.hint}\nsource: {f.source}"
            self.tests += 1
            self.failures += 1
        for error in result.errors:
            case = ET.SubElement(self.suite, "testcase", classname=result.path, name="read and check")
            ET.SubElement(case, "error", message=error)
            self.tests += 1
            self.errors += 1
        if not result.findings and not result.errors:
            ET.SubElement(self.suite, "testcase", classname=result.path, name="no problems", file=result.path)
            self.tests += 1

    def finish(self, summary: Summary) -> None:
        counts = {"tests": str(self.tests), "failures": str(self.failures), "errors": str(self.errors)}
        self.suite.attrib.update(counts)
        root = ET.Element("testsuites", {"name": "healthlint", **counts})
        root.append(self.suite)
        ET.indent(root)
        # ElementTree writes such characters raw, so they can only be inside attribute values and text
        document = _NOT_XML.sub(lambda m: escape_char(m.group()), ET.tostring(root, encoding="unicode"))
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n")
