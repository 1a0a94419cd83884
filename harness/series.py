#!/usr/bin/env python3
"""make series: export the Brute series as git format-patch files.

Builds a throw-away git repository in build/BASE/series/git holding the
pristine version of every upstream file the series touches, then makes one
commit per block of harness/series/plan (quilt patches of patches/BASE/ and
new files of linux/), and writes `git format-patch` files with a cover letter
into build/BASE/series/out.  The upstream base (the first of harness/bases)
gets "[PATCH vN k/n]", the others "[PATCH BASE vN k/n]", and the cover letter
the paragraph of harness/series/cover-letter that names its base.  The author and Signed-off-by come from SIGNOFF
("Name <email>"), or from git config in this repository, or from the author
of its last commit.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERSION = 'v12'
BASES = [l.split()[0] for l in open(os.path.join(ROOT, 'harness', 'bases'))
         if l.strip() and not l.startswith('#')]
BASE = os.environ.get('BASE') or BASES[0]
BUILD = os.path.join(ROOT, 'build', BASE)
PATCHES = os.path.join(ROOT, 'patches', BASE)
OUT = os.path.join(BUILD, 'series', 'out')
REPO = os.path.join(BUILD, 'series', 'git')
PREFIX = os.environ.get('SUBJECT_PREFIX') or (
    'PATCH ' + VERSION if BASE == BASES[0] else 'PATCH %s %s' % (BASE, VERSION))


def die(msg):
    print('ERROR: ' + msg, file=sys.stderr)
    sys.exit(1)


def run(*args, **kw):
    return subprocess.run(args, check=True, text=True, **kw)


def git(*args, **kw):
    return run('git', '-C', REPO, *args, **kw)


def signoff():
    who = os.environ.get('SIGNOFF', '').strip()
    if not who:
        get = lambda k: subprocess.run(['git', '-C', ROOT, 'config', k],
                                       capture_output=True, text=True
                                       ).stdout.strip()
        name, email = get('user.name'), get('user.email')
        if name and email:
            who = '%s <%s>' % (name, email)
        else:
            # A fresh clone without an identity: the last commit's author.
            who = subprocess.run(['git', '-C', ROOT, 'log', '-1',
                                  '--format=%an <%ae>'], capture_output=True,
                                 text=True).stdout.strip()
        if not who:
            die('set SIGNOFF="Name <email>" or git config user.name/email')
    m = re.fullmatch(r'(.+?)\s*<([^<>\s]+@[^<>\s]+)>', who)
    if not m:
        die('SIGNOFF must read "Name <email>", not %r' % who)
    return m.group(1), m.group(2)


def parse_plan(path):
    """Returns a list of dicts: subject, patches, files, body."""
    commits = []
    for line in open(path).read().split('\n'):
        if line.startswith('subject: '):
            commits.append({'subject': line[9:].strip(), 'patches': [],
                            'files': [], 'body': []})
        elif not commits:
            continue
        elif line.startswith('patch: ') and not commits[-1]['body']:
            commits[-1]['patches'].append(line[7:].strip())
        elif line.startswith('files: ') and not commits[-1]['body']:
            commits[-1]['files'] += line[7:].split()
        elif line.strip() or commits[-1]['body']:
            commits[-1]['body'].append(line)
    for c in commits:
        c['body'] = '\n'.join(c['body']).strip()
    return commits


def linux_files():
    base = os.path.join(ROOT, 'linux')
    out = []
    for d, _, files in os.walk(base):
        out += [os.path.relpath(os.path.join(d, f), base) for f in files]
    return sorted(out)


def check_coverage(commits):
    series = [l.split()[0] for l in open(os.path.join(PATCHES, 'series'))
              if l.strip() and not l.startswith('#')]
    used = [p for c in commits for p in c['patches']]
    for p in series:
        if used.count(p) != 1:
            die('patches/%s/%s is in %d commits of the plan, not 1'
                % (BASE, p, used.count(p)))
    for p in used:
        if p not in series:
            die('the plan names %s, which is not in patches/%s/series'
                % (p, BASE))
    for f in linux_files():
        owners = [c['subject'] for c in commits for e in c['files']
                  if f == e or (e.endswith('/') and f.startswith(e))]
        if len(owners) != 1:
            die('linux/%s belongs to %d commits of the plan, not 1'
                % (f, len(owners)))


def touched(patch):
    files = set()
    for line in open(patch):
        m = re.match(r'^(?:---|\+\+\+) [ab]/(\S+)', line)
        if m:
            files.add(m.group(1))
    return files


COMPAT = 'security/brute/compat.h'


def reduce_backport(path):
    """The upstream series' compat.h: without the backports' half.

    security/brute/compat.h picks the interfaces of the base it is built on
    with LINUX_VERSION_CODE; the series for mainline has no use for the
    6.12 half, nor for the version check."""
    if os.path.isdir(path):
        path = os.path.join(path, os.path.basename(COMPAT)) \
            if path.rstrip('/').endswith('security/brute') else None
    if not path or not path.endswith(COMPAT) or not os.path.exists(path):
        return
    out, skip, seen = [], False, 0
    for line in open(path).read().split('\n'):
        if line in ('#include <linux/version.h>',
                    '#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0) /* mainline */'):
            seen += 1
            continue
        if line == '#else /* 6.12 LTS */':
            skip, seen = True, seen + 1
            continue
        if line == '#endif /* 6.12 LTS */':
            skip, seen = False, seen + 1
            continue
        if not skip:
            out.append(line)
    if seen != 4:
        die('%s: the markers of its 6.12 half changed' % COMPAT)
    text = re.sub(r'\n\n\n+', '\n\n', '\n'.join(out))
    open(path, 'w').write(text)


def cover_body(body):
    """The cover letter's text, with the "base:" paragraphs of the other
    bases taken out: a paragraph that starts with "base: B" is for B only."""
    out = []
    for para in body.split('\n\n'):
        m = re.match(r'base: (\S+)\n', para)
        if m:
            if m.group(1) != BASE:
                continue
            para = para[m.end():]
        out.append(para)
    return '\n\n'.join(out)


def main():
    pristine_file = os.path.join(BUILD, 'src', 'pristine.path')
    if not os.path.exists(pristine_file):
        die('no pristine tree known (run: make tree)')
    pristine = open(pristine_file).read().strip()
    commits = parse_plan(os.path.join(ROOT, 'harness', 'series', 'plan'))
    check_coverage(commits)
    name, email = signoff()

    print('==> exporting the series into %s' % os.path.relpath(OUT, ROOT))
    shutil.rmtree(REPO, ignore_errors=True)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(REPO)
    git('init', '-q')
    git('config', 'user.name', name)
    git('config', 'user.email', email)
    # The pristine version of every file the patches edit.
    for c in commits:
        for p in c['patches']:
            for f in touched(os.path.join(PATCHES, p)):
                src = os.path.join(pristine, f)
                if os.path.exists(src):
                    os.makedirs(os.path.dirname(os.path.join(REPO, f)),
                                exist_ok=True)
                    shutil.copy2(src, os.path.join(REPO, f))
    git('add', '-A')
    git('commit', '-q', '-m', 'base: pristine files touched by the series')
    for c in commits:
        for p in c['patches']:
            r = subprocess.run(['patch', '-p1', '--forward', '--batch',
                                '--no-backup-if-mismatch', '-d', REPO, '-i',
                                os.path.join(PATCHES, p)],
                               capture_output=True, text=True)
            if r.returncode:
                die('patch %s does not apply:\n%s' % (p, r.stdout + r.stderr))
        for e in c['files']:
            src = os.path.join(ROOT, 'linux', e)
            dst = os.path.join(REPO, e)
            if os.path.isdir(src):
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy2(src, dst)
        if BASE == BASES[0]:
            for e in c['files']:
                reduce_backport(os.path.join(REPO, e))
        git('add', '-A')
        msg = '%s\n\n%s\n\nSigned-off-by: %s <%s>\n' % (
            c['subject'], c['body'], name, email)
        git('commit', '-q', '-F', '-', input=msg)

    git('format-patch', '-q', '--cover-letter', '--numbered',
        '--subject-prefix=' + PREFIX, '-o', OUT, 'HEAD~%d' % len(commits))
    cover = parse_plan(os.path.join(ROOT, 'harness', 'series',
                                    'cover-letter'))[0]
    letter = os.path.join(OUT, sorted(os.listdir(OUT))[0])
    text = open(letter).read()
    text = text.replace('*** SUBJECT HERE ***', cover['subject'])
    text = text.replace('*** BLURB HERE ***', cover_body(cover['body']))
    open(letter, 'w').write(text)
    for f in sorted(os.listdir(OUT)):
        print('    ' + os.path.relpath(os.path.join(OUT, f), ROOT))


if __name__ == '__main__':
    main()
