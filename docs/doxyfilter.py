#!/usr/bin/python3
"""Doxygen INPUT_FILTER for tinyturk's headers (docs/Doxyfile).

The headers document everything in plain C comments (BearSSL style), meant to
be read as text.  This filter shows those comments to Doxygen as
documentation without changing the headers, following the headers' own
conventions:

  * the file's first comment               -> /** ... @file */
  * a comment on its own lines directly
    above a declaration (no blank line)      -> /** ... */ (documents it); when
    several declarations follow it without a blank line (#defines, members,
    prototypes, an #ifndef-guarded option group), it documents all of them
    (a Doxygen member group, DISTRIBUTE_GROUP_DOC)
  * a comment after code on its line         -> /**< ... */ (that member,
    enumerator or macro)
  * a struct member with no comment of its own is documented by the struct's
    comment when that comment names it (or says the fields are private)
  * section rulers (/* --- x --- */), notes followed by a blank line and
    comments after preprocessor guards       -> left alone (not docs)

Anything else stays undocumented, and Doxygen's WARN_IF_UNDOCUMENTED reports
it: that is the check `make docs` enforces.  Comment text is shown verbatim
(multi-line: \\verbatim, so tables and examples keep their layout;
one-liners: Doxygen's special characters escaped), so nothing in it is taken
for a Doxygen command.  Line numbers are preserved.

Usage: doxyfilter.py FILE  (the filtered text on stdout)
"""
import re
import sys

SPECIAL = re.compile(r'([\\@<>&#%$"])')
RULER = re.compile(r'^\s*-{3,}')
GUARD = re.compile(r'^\s*#\s*(endif|else|elif|include|if|ifdef|ifndef)\b')
STRUCT = re.compile(r'\b(?:typedef\s+)?(struct|union)\s+(\w+)\s*\{')
IDENT = re.compile(r'[A-Za-z_]\w*')
FWD = re.compile(r'^\s*(struct|union|enum)\s+\w+\s*;\s*$')


def escape(text):
    return SPECIAL.sub(r'\\\1', text)


def find_comments(src):
    """(start, end) of every /* */ comment outside literals."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in '"\'':
            j = i + 1
            while j < n and src[j] != c and src[j] != '\n':
                j += 2 if src[j] == '\\' else 1
            i = j + 1
        elif src.startswith('//', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def render(body, kind):
    """kind: 'file', 'lead' or 'trail'."""
    opener = {'trail': '/**<', 'lead': '/**', 'file': '/**'}[kind]
    if '\n' in body:
        text = body.replace('\\endverbatim', '\\ endverbatim')
        # Drop the " * " decoration; keep the lines (and so the numbering).
        parts = text.split('\n')
        text = '\n'.join([parts[0]] + [re.sub(r'^\s*\*(?: |$)', '', ln) for ln in parts[1:]])
        tail = ' @file */' if kind == 'file' else ' */'
        return opener + ' \\verbatim' + text + '\\endverbatim' + tail
    text = escape(body.strip())
    return opener + ' ' + text + (' @file */' if kind == 'file' else ' */')


def multi_name(code):
    """A declaration of several names on one line: 'int a, b;'."""
    code = code.strip()
    if not code.endswith(';') or code.startswith('#'):
        return False
    depth = 0
    for c in code:
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == ',' and depth == 0:
            return True
    return False


def strip_comments(line):
    return re.sub(r'/\*.*?\*/', '', line)


class Filter:
    def __init__(self, src):
        self.src = src
        self.lines = src.split('\n')
        self.starts = []
        pos = 0
        for ln in self.lines:
            self.starts.append(pos)
            pos += len(ln) + 1
        self.comments = find_comments(src)
        self.replace = {}   # comment start -> (end, text)
        self.prefix = {}    # offset -> text inserted before
        self.suffix = {}    # line index -> text appended at line end
        self.covered = set()  # line indexes documented by a comment/group

    def line_of(self, off):
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def comment_lines(self):
        s = set()
        for a, b in self.comments:
            s.update(range(self.line_of(a), self.line_of(b - 1) + 1))
        return s

    def run_after(self, last_line):
        """Lines directly after a leading comment, up to a blank line,
        another comment-only line, a closing brace or the end."""
        run = []
        i = last_line + 1
        while i < len(self.lines):
            ln = self.lines[i]
            code = strip_comments(ln).strip()
            if not ln.strip() or ln.lstrip().startswith(('/*', '}')) or (not code and ln.strip()):
                break
            run.append(i)
            i += 1
        return run

    def classify(self):
        clines = self.comment_lines()
        first = True
        for a, b in self.comments:
            comment = self.src[a:b]
            body = comment[2:-2]
            la, lb = self.line_of(a), self.line_of(b - 1)
            before = self.src[self.starts[la]:a]
            if comment.startswith(('/**', '/*!')):
                first = False
                continue
            if first and not before.strip():
                first = False
                self.replace[a] = (b, render(body, 'file'))
                continue
            first = False
            if RULER.match(body) or not body.strip():
                continue
            if before.strip():
                if GUARD.match(before):
                    continue
                if multi_name(before) and '\n' not in body:
                    # "int a, b; /* x */": the comment documents every name.
                    line_off = self.starts[la] + len(before) - len(before.lstrip())
                    self.prefix[line_off] = self.prefix.get(line_off, '') + \
                        '/**@{*/ ' + render(body, 'lead') + ' '
                    self.replace[a] = (b, comment + ' /**@}*/')
                else:
                    self.replace[a] = (b, render(body, 'trail'))
                self.covered.add(la)
                continue
            run = self.run_after(lb)
            if not run:
                continue
            head = self.lines[run[0]].strip()
            if re.match(r'#\s*(endif|else|elif|include)\b', head):
                continue
            self.replace[a] = (b, render(body, 'lead'))
            decls = 0
            braces = False
            for i in run:
                code = strip_comments(self.lines[i]).strip()
                if '{' in code or '}' in code:
                    braces = True
                own = '/*' in self.lines[i]
                if FWD.match(code):
                    continue
                if (re.match(r'#\s*define\b', code) or (code.endswith(';') and not code.startswith('#'))) \
                        and not own:
                    decls += 1
            if braces:
                self.covered.add(run[0])
                continue
            self.covered.update(run)
            if decls >= 2:
                self.prefix[a] = self.prefix.get(a, '') + '/**@{*/ '
                # Closed at the start of the line after the run (a comment at
                # the end of a #define line would be part of the macro).
                nxt = run[-1] + 1
                if nxt < len(self.lines):
                    off = self.starts[nxt]
                    self.prefix[off] = self.prefix.get(off, '') + '/**@}*/ '
                else:
                    self.suffix[run[-1]] = self.suffix.get(run[-1], '') + '\n/**@}*/'
        self.struct_members(clines)
        # Forward declarations ("struct x;") are not documented entities:
        # blanked, so a comment above one documents what follows it.
        for i, ln in enumerate(self.lines):
            if FWD.match(ln):
                self.replace[self.starts[i]] = (self.starts[i] + len(ln), ' ' * len(ln))

    def struct_members(self, clines):
        """Members without a comment of their own, documented by the
        struct's comment (named in it, or the struct says its fields are
        private)."""
        for m in STRUCT.finditer(self.src):
            sline = self.line_of(m.start())
            # The struct's comment: ends on the line just above.
            doc = None
            for a, b in self.comments:
                if self.line_of(b - 1) == sline - 1 and not self.src[self.starts[self.line_of(a)]:a].strip():
                    doc = self.src[a + 2:b - 2]
            if doc is None:
                doc = ''
            private = re.search(r'\b(private|opaque|internal)\b', doc, re.I) is not None
            self._private_from = None
            words = set(IDENT.findall(doc))
            depth = 0
            i = m.end() - 1
            stmt_start_line = self.line_of(m.end())
            stmt = ''
            n = len(self.src)
            j = i
            # walk the body at depth 1, statement by statement
            while j < n:
                c = self.src[j]
                if self.src.startswith('/*', j):
                    k = self.src.find('*/', j + 2)
                    k = n if k < 0 else k + 2
                    if depth == 1 and re.search(r'\bprivate\b', self.src[j:k], re.I) \
                            and not self.src[self.starts[self.line_of(j)]:j].strip():
                        private = True  # "everything below is private"
                    j = k
                    continue
                if c == '{':
                    depth += 1
                    if depth == 1:
                        stmt = ''
                        stmt_start_line = self.line_of(j + 1)
                        j += 1
                        continue
                elif c == '}':
                    depth -= 1
                    if depth == 0:
                        break
                if depth == 1 and c == ';':
                    end_line = self.line_of(j)
                    lead = len(stmt) - len(stmt.lstrip())
                    first_line = self.line_of(j - len(stmt) + lead)
                    self.member(stmt, first_line, end_line, words, private, clines)
                    stmt = ''
                    stmt_start_line = self.line_of(j + 1)
                elif depth >= 1:
                    stmt += c
                j += 1

    def member(self, stmt, first_line, end_line, words, private, clines):
        if any(l in self.covered for l in range(first_line, end_line + 1)):
            return
        line = self.lines[end_line]
        if '/*' in line:
            return
        fp = re.search(r'\(\s*\*\s*(\w+)\s*\)', stmt)
        if fp:
            names = [fp.group(1)]
        else:
            core = re.sub(r'\[[^\]]*\]', '', stmt)
            names = [IDENT.findall(part)[-1] for part in core.split(',') if IDENT.findall(part)]
        if not names:
            return
        if any(nm in words for nm in names):
            text = ' /**< Described in the struct\'s description above. */'
        elif private:
            text = ' /**< Private (see the struct\'s description). */'
        else:
            return
        if len(names) > 1 and first_line == end_line:
            ln = self.lines[end_line]
            off = self.starts[end_line] + len(ln) - len(ln.lstrip())
            self.prefix[off] = self.prefix.get(off, '') + '/**@{*/ /**' + text[5:] + ' '
            self.suffix[end_line] = self.suffix.get(end_line, '') + ' /**@}*/'
        else:
            self.suffix[end_line] = self.suffix.get(end_line, '') + text
        self.covered.add(end_line)

    def output(self):
        src = self.src
        edits = []  # (offset, kind, payload)
        for a, (b, text) in self.replace.items():
            edits.append((a, b, text))
        for off, text in self.prefix.items():
            edits.append((off, off, text))
        for li, text in self.suffix.items():
            eol = self.starts[li] + len(self.lines[li])
            edits.append((eol, eol, text))
        # Apply from the end; at one offset, insertions go before replacements.
        edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
        out = src
        for a, b, text in edits:
            out = out[:a] + text + out[b:]
        return out


def main():
    src = open(sys.argv[1], encoding='utf-8', errors='replace').read()
    f = Filter(src)
    f.classify()
    sys.stdout.write(f.output())


if __name__ == '__main__':
    main()
