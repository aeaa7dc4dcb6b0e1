#!/usr/bin/python3
"""Peer benchmark: LTQ against OpenLTH (facebookresearch/open_lth) on the same lottery-ticket job.

The job: LeNet-300-100 on Fashion-MNIST, Adam (lr 1.2e-3), batch 60, level 0 (dense) plus one pruned
level (20% of the hidden layers' weights, global magnitude, output layer kept: OpenLTH's
mnist_lenet_300_100 pruning defaults), N iterations per level, test set evaluated at iterations
0, 1000 and 2000 (OpenLTH evaluates once per epoch, and an epoch is 1000 batches of 60), one engine
thread per process. Each round runs OpenLTH, LTQ on PyTorch and LTQ on MXNet one after the other,
each in a child process of its own, and the table reports medians (min-max) over the rounds.

Python 3 standard library only; run it with Debian's /usr/bin/python3, which has the Debian packages
python3-torch and python3-torchvision that OpenLTH needs (torch 1.13.1, torchvision 0.14.1):

    sudo apt-get install -y python3-torch python3-torchvision dataset-fashion-mnist
    git clone https://github.com/facebookresearch/open_lth /work/openlth
    /usr/bin/python3 ltq-bench/scripts/peer-openlth.py --openlth /work/openlth \\
        --work /work/scratch/peer-run --json peer.json

Nothing of OpenLTH is copied here and its checkout is not modified: OpenLTH runs through a small
wrapper this script writes to the work folder, which
  * fixes, in memory while importing, the one line of models/base.py that torch >= 1.13 rejects
    (`class Model(abc.ABC, torch.nn.Module)`: the base classes swapped);
  * registers a platform whose `root` (results) and `dataset_root` lie under --work, so nothing goes
    to ~/open_lth_data or ~/open_lth_datasets;
  * times the training step, its parts, evaluation, data loading and each level by wrapping
    OpenLTH's and torch's functions (monkeypatching), then calls OpenLTH's own main().
OpenLTH's `mnist` dataset reads torchvision's MNIST, which looks for the uncompressed idx files
under <dataset_root>/mnist/MNIST/raw/; the script writes the Fashion-MNIST files there, so OpenLTH's
`mnist` is Fashion-MNIST (same format, 60,000 + 10,000 images of 28x28).
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
IDX_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte',
             't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']

# The wrapper OpenLTH runs under. argv: <openlth dir> <result json> <OpenLTH's own arguments...>.
# Environment: LTQBENCH_ROOT (OpenLTH's results), LTQBENCH_DATASETS (its dataset_root).
WRAPPER = r'''
import functools, importlib.machinery, importlib.util, json, os, sys, time
T0 = time.perf_counter()
openlth, out_path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, openlth)
sys.dont_write_bytecode = True   # leave the checkout as it was: no __pycache__ of patched code

# torch >= 1.13: `class Model(abc.ABC, torch.nn.Module)` fails (nn.Module must come first in the
# MRO); swap the bases while importing models.base, without editing the file.
BAD, GOOD = 'class Model(abc.ABC, torch.nn.Module):', 'class Model(torch.nn.Module, abc.ABC):'
class _PatchedLoader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname):
        src = self.get_data(self.path).decode('utf-8')
        return compile(src.replace(BAD, GOOD), self.path, 'exec', dont_inherit=True)
class _Finder:
    def find_spec(self, name, path=None, target=None):
        if name != 'models.base':
            return None
        file = os.path.join(openlth, 'models', 'base.py')
        return importlib.util.spec_from_file_location(name, file, loader=_PatchedLoader(name, file))
sys.meta_path.insert(0, _Finder())

import torch
import open_lth   # first, as OpenLTH's own entry point: its modules import each other in a cycle
import platforms.local, platforms.registry
import training.train, training.standard_callbacks, training.metric_logger
import lottery.runner, pruning.pruned_model
T_IMPORTS = time.perf_counter()

class BenchPlatform(platforms.local.Platform):
    # Results and datasets under the benchmark's work folder instead of the user's home.
    @property
    def root(self): return os.environ['LTQBENCH_ROOT']
    @property
    def dataset_root(self): return os.environ['LTQBENCH_DATASETS']
platforms.registry.registered_platforms['ltqbench'] = BenchPlatform

perf = time.perf_counter
levels = {}
state = {'level': None, 'step_t0': None, 'in_loop': False, 'in_eval': False}

def add(key, dt, n=0):
    d = levels.setdefault(str(state['level']), {})
    d[key + '_s'] = d.get(key + '_s', 0.0) + dt
    if n:
        d[key + '_n'] = d.get(key + '_n', 0) + n

def timed(key, pred=lambda *a, **k: True):
    # Wraps a function so that its time is added to `key` of the current level.
    def deco(f):
        @functools.wraps(f)
        def g(*a, **k):
            if not pred(*a, **k):
                return f(*a, **k)
            t = perf()
            try:
                return f(*a, **k)
            finally:
                add(key, perf() - t, 1)
        return g
    return deco

# A level: OpenLTH prunes the previous level's weights (_prune_level) then trains (_train_level);
# LTQ's levelMillis likewise holds pruning, rewinding, training and saving.
def level_phase(f):
    @functools.wraps(f)
    def g(self, level):
        state['level'] = level
        t = perf()
        try:
            return f(self, level)
        finally:
            add('level', perf() - t)
    return g
R = lottery.runner.LotteryRunner
R._prune_level = level_phase(R._prune_level)
R._train_level = level_phase(R._train_level)

# The training loop (steps, callbacks, data loading): standard_train calls the module's `train`.
_train = training.train.train
def train(*a, **k):
    state['in_loop'] = True
    t = perf()
    try:
        return _train(*a, **k)
    finally:
        state['in_loop'] = False
        add('loop', perf() - t)
training.train.train = train

# The training step = zero_grad + forward + loss + backward + optimizer step, as LTQ's trainMillis
# (forward, loss, backward, Trainer.step). It opens at zero_grad and closes when step returns.
Opt = torch.optim.Optimizer
_zero_grad = Opt.zero_grad
def zero_grad(self, *a, **k):
    if state['in_loop']:
        state['step_t0'] = perf()
    return _zero_grad(self, *a, **k)
Opt.zero_grad = zero_grad
_adam_step = torch.optim.Adam.step
@functools.wraps(_adam_step)
def adam_step(self, *a, **k):
    t = perf()
    try:
        return _adam_step(self, *a, **k)
    finally:
        now = perf()
        add('optimizer', now - t, 1)
        if state['step_t0'] is not None:
            add('step', now - state['step_t0'], 1)
            state['step_t0'] = None
torch.optim.Adam.step = adam_step

# Parts of the step. PrunedModel.forward multiplies every weight by its mask, then runs LeNet.
PM = pruning.pruned_model.PrunedModel
training_mode = lambda self, *a, **k: self.training and torch.is_grad_enabled()
PM.forward = timed('forward', training_mode)(PM.forward)
PM._apply_mask = timed('mask', lambda self: self.training and torch.is_grad_enabled())(PM._apply_mask)
torch.Tensor.backward = timed('backward')(torch.Tensor.backward)

# Evaluation (the test set, once per epoch) and the other callbacks (saving weights, checkpoints).
SC = training.standard_callbacks
_create_eval = SC.create_eval_callback
def create_eval_callback(*a, **k):
    cb = _create_eval(*a, **k)
    def eval_cb(*a2, **k2):
        state['in_eval'] = True
        t = perf()
        try:
            return cb(*a2, **k2)
        finally:
            state['in_eval'] = False
            add('eval', perf() - t, 1)
    return eval_cb
SC.create_eval_callback = create_eval_callback
_std = SC.standard_callbacks
def standard_callbacks(*a, **k):
    return [timed('callbacks')(cb) for cb in _std(*a, **k)]
SC.standard_callbacks = standard_callbacks

# Reading training batches: the DataLoader turns each image into a PIL image, then a tensor.
import torch.utils.data.dataloader as DL
_next = DL._BaseDataLoaderIter.__next__
def next_batch(self):
    if not state['in_loop'] or state['in_eval']:
        return _next(self)
    t = perf()
    try:
        return _next(self)
    finally:
        add('data', perf() - t, 1)
DL._BaseDataLoaderIter.__next__ = next_batch

# Test accuracy as OpenLTH logs it: the last entry of each level is the end of training.
ML = training.metric_logger.MetricLogger
_log_add = ML.add
def log_add(self, name, step, value):
    if name == 'test_accuracy':
        d = levels.setdefault(str(state['level']), {})
        d.setdefault('test_accuracy', []).append([int(step.iteration), float(value)])
    return _log_add(self, name, step, value)
ML.add = log_add

sys.argv = [os.path.join(openlth, 'open_lth.py')] + argv
status = 'ok'
try:
    open_lth.main()
except BaseException as e:
    status = repr(e)
    raise
finally:
    import torchvision
    with open(out_path, 'w') as f:
        json.dump({'status': status, 'levels': levels, 'imports_s': T_IMPORTS - T0,
                   'wrapper_s': time.perf_counter() - T0, 'torch': torch.__version__,
                   'torchvision': torchvision.__version__, 'threads': torch.get_num_threads(),
                   'interop_threads': torch.get_num_interop_threads()}, f, indent=1)
'''


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def loadavg():
    # The 1-minute load average: on a shared machine, other jobs' load shows here.
    try:
        with open('/proc/loadavg') as f:
            return float(f.read().split()[0])
    except (OSError, ValueError):
        return float('nan')


def run_child(cmd, env, log_path):
    """Runs cmd; returns exit code, wall s, CPU s and the peak RSS in MB of exactly that process.

    os.wait4 gives the rusage of the child itself (ru_maxrss in KB on Linux), where
    resource.getrusage(RUSAGE_CHILDREN) would take the maximum over every child reaped so far.
    The ltq launcher execs java, so the pid is the JVM's.
    """
    t = time.monotonic()
    with open(log_path, 'wb') as log:
        p = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return (p.returncode, time.monotonic() - t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0)


def tail(path, n=25):
    try:
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-n:])
    except OSError:
        return ''


def prepare_data(src, dst):
    """Puts Fashion-MNIST where torchvision 0.14's MNIST looks: uncompressed idx files in
    <dataset_root>/mnist/MNIST/raw/ (it checks for them there and then downloads nothing)."""
    raw = os.path.join(dst, 'mnist', 'MNIST', 'raw')
    os.makedirs(raw, exist_ok=True)
    for name in IDX_FILES:
        out = os.path.join(raw, name)
        if os.path.exists(out):
            continue
        plain, packed = os.path.join(src, name), os.path.join(src, name + '.gz')
        if os.path.exists(plain):
            shutil.copyfile(plain, out)
        elif os.path.exists(packed):
            with gzip.open(packed, 'rb') as f, open(out + '.part', 'wb') as g:
                shutil.copyfileobj(f, g)
            os.replace(out + '.part', out)
        else:
            sys.exit(f'peer-openlth: {name}[.gz] not found in {src}')


def one_thread_env(threads):
    # One engine thread for each: OpenMP and MKL pools (torch in Python, MXNet), and DJL's PyTorch
    # intra-op and inter-op pools, set through system properties of the JVM.
    env = dict(os.environ)
    env['OMP_NUM_THREADS'] = str(threads)
    env['MKL_NUM_THREADS'] = str(threads)
    return env


def openlth_cmd(args, wrapper, result_json):
    return [args.python, wrapper, args.openlth, result_json, 'lottery',
            '--platform', 'ltqbench', '--default_hparams=mnist_lenet_300_100',
            '--optimizer_name', 'adam', '--lr', '0.0012', '--batch_size', '60',
            '--training_steps', f'{args.iterations}it', '--levels', '1']


def ltq_cmd(args, engine, out, validation):
    cmd = [args.ltq, 'lottery', '--model', 'lenet300', '--dataset', 'fashion-mnist',
           '--data', args.data, '--engine', engine, '--levels', '1',
           '--iterations', str(args.iterations), '--batch-size', '60', '--optimizer', 'adam',
           '--lr', '0.0012', '--scope', 'global', '--prune-dense', '0.2', '--prune-output', '0',
           '--controls', 'none', '--eval-every', '1000', '--quiet', '--out', out]
    if validation is not None:
        cmd[-2:-2] = ['--validation', str(validation)]
    return cmd


def ltq_env(threads):
    env = one_thread_env(threads)
    env['LTQ_JAVA_OPTS'] = (env.get('LTQ_JAVA_OPTS', '') + f' -Dai.djl.pytorch.num_threads={threads}'
                            ' -Dai.djl.pytorch.num_interop_threads=1').strip()
    return env


def run_openlth(args, wrapper, work, rnd):
    root = os.path.join(work, f'openlth-r{rnd}')   # fresh per round: OpenLTH skips finished levels
    result = os.path.join(work, f'openlth-r{rnd}.json')
    env = one_thread_env(args.threads)
    env.update(LTQBENCH_ROOT=root, LTQBENCH_DATASETS=os.path.join(work, 'openlth-datasets'),
               PYTHONDONTWRITEBYTECODE='1')
    cmd = openlth_cmd(args, wrapper, result)
    log = os.path.join(work, f'openlth-r{rnd}.log')
    rc, wall, cpu, rss = run_child(cmd, env, log)
    if rc != 0 or not os.path.exists(result):
        sys.exit(f'peer-openlth: OpenLTH failed (exit {rc}); its log {log}:\n{tail(log)}')
    with open(result) as f:
        r = json.load(f)
    per_level = []
    for lv in ('0', '1'):
        d = r['levels'].get(lv, {})
        acc = d.get('test_accuracy') or [[None, float('nan')]]
        per_level.append({
            'level_ms': 1000 * d.get('level_s', float('nan')),
            'step_ms': 1000 * d.get('step_s', float('nan')),
            'steps': d.get('step_n', 0),
            'eval_ms': 1000 * d.get('eval_s', 0.0),
            'loop_ms': 1000 * d.get('loop_s', float('nan')),
            'data_ms': 1000 * d.get('data_s', 0.0),
            'callbacks_ms': 1000 * d.get('callbacks_s', 0.0),
            'forward_ms': 1000 * d.get('forward_s', 0.0),
            'mask_ms': 1000 * d.get('mask_s', 0.0),
            'backward_ms': 1000 * d.get('backward_s', 0.0),
            'optimizer_ms': 1000 * d.get('optimizer_s', 0.0),
            'final_test_accuracy': acc[-1][1],
        })
    return {'engine': 'OpenLTH', 'round': rnd, 'wall_s': wall, 'cpu_s': cpu, 'peak_rss_mb': rss,
            'levels': per_level, 'imports_s': r['imports_s'], 'torch': r['torch'],
            'torchvision': r['torchvision'], 'threads': r['threads'], 'cmd': cmd, 'env': {
                k: env[k] for k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS')}}


def run_ltq(args, engine, work, rnd, validation):
    out = os.path.join(work, f'ltq-{engine}-r{rnd}')
    cmd = ltq_cmd(args, engine, out, validation)
    env = ltq_env(args.threads)
    log = os.path.join(work, f'ltq-{engine}-r{rnd}.log')
    rc, wall, cpu, rss = run_child(cmd, env, log)
    if rc != 0:
        sys.exit(f'peer-openlth: LTQ {engine} failed (exit {rc}); its log {log}:\n{tail(log)}')
    per_level, prov = [], None
    for lv in (0, 1):
        with open(os.path.join(out, f'level_{lv:02d}', 'summary.json')) as f:
            s = json.load(f)
        prov = s.get('provenance') or prov
        per_level.append({
            'level_ms': float(s['levelMillis']), 'step_ms': float(s['trainMillis']),
            'steps': args.iterations, 'eval_ms': float(s['evalMillis']),
            'loop_ms': float(s['totalMillis']), 'final_test_accuracy': s['finalTestAccuracy']})
    return {'engine': f'LTQ {engine}', 'round': rnd, 'wall_s': wall, 'cpu_s': cpu,
            'peak_rss_mb': rss, 'levels': per_level, 'provenance': prov, 'cmd': cmd,
            'env': {k: env[k] for k in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'LTQ_JAVA_OPTS')}}


def ltq_validation_zero_works(args, work):
    """Whether this LTQ trains with --validation 0 (all 60,000 images, as OpenLTH does). Older
    builds refuse it ("Cannot evaluate on an empty dataset"); a 2-step probe tells. The probe also
    builds the project when the launcher finds it stale, so no timed run includes a Maven build
    (whose memory would otherwise count in the JVM's rusage: wait4 includes reaped children)."""
    out = os.path.join(work, 'ltq-probe')
    cmd = [args.ltq, 'lottery', '--model', 'lenet300', '--dataset', 'fashion-mnist',
           '--data', args.data, '--levels', '0', '--iterations', '2', '--batch-size', '60',
           '--controls', 'none', '--eval-every', '1', '--validation', '0', '--quiet', '--out', out]
    log = os.path.join(work, 'ltq-probe.log')
    rc, *_ = run_child(cmd, ltq_env(args.threads), log)
    if rc != 0:
        why = [l.strip() for l in tail(log, 400).splitlines()
               if l.startswith('ltq:') or 'Exception' in l or 'Error' in l]
        print(f'note: `ltq lottery --validation 0` is not accepted here (exit {rc}:'
              f' {why[0] if why else "?"}); LTQ keeps its default validation split',
              file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    return rc == 0


def per_it(ms, its):
    return ms / its


def agg(values):
    values = [v for v in values if v == v]
    if not values:
        return float('nan'), float('nan'), float('nan')
    return statistics.median(values), min(values), max(values)


def fmt(values, digits=3):
    med, lo, hi = agg(values)
    if med != med:
        return 'n/a'
    if len(values) == 1 or lo == hi:
        return f'{med:.{digits}f}'
    return f'{med:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})'


def metrics(run, its):
    lv = run['levels']
    return {
        'level': sum(l['level_ms'] for l in lv) / (its * len(lv)),
        'step': sum(l['step_ms'] for l in lv) / (its * len(lv)),
        'dense_step': lv[0]['step_ms'] / its,
        'eval': sum(l['eval_ms'] for l in lv) / (its * len(lv)),
        'rss': run['peak_rss_mb'],
        'acc0': 100 * lv[0]['final_test_accuracy'],
        'acc1': 100 * lv[1]['final_test_accuracy'],
        'wall': run['wall_s'],
        'cpu': run['cpu_s'],
    }


def report(args, runs, info):
    its = args.iterations
    engines = []
    for r in runs:
        if r['engine'] not in engines:
            engines.append(r['engine'])
    by = {e: [metrics(r, its) for r in runs if r['engine'] == e] for e in engines}
    lines = []
    p = lines.append
    p(f'### LTQ vs OpenLTH: LeNet-300-100, Fashion-MNIST, Adam 1.2e-3, batch 60, '
      f'2 levels x {its} iterations, {args.threads} engine thread(s)')
    p('')
    p(f'Machine: {info["cpu"]}, {info["cores"]} cores, Linux {platform.release()}; {info["date"]}; '
      f'load {info["load_start"]:.2f} -> {info["load_end"]:.2f}; {args.rounds} round(s) alternating {" / ".join(engines)}; median (min–max) over rounds.')
    p(f'OpenLTH: torch {info.get("torch", "?")} (Debian), torchvision {info.get("torchvision", "?")}, '
      f'Python {info.get("python", "?")}, commit {info.get("openlth_commit", "?")}. '
      f'LTQ: {info.get("ltq_engines", "?")}, DJL {info.get("djl", "?")}, commit {info.get("ltq_commit", "?")}.')
    p('')
    p('| Engine | level ms/it | step ms/it | dense level-0 step ms/it | eval ms/it | peak RSS MB '
      '| test acc L0 % | test acc L1 % | process wall s | process CPU s |')
    p('|---|---|---|---|---|---|---|---|---|---|')
    for e in engines:
        m = by[e]
        col = lambda k, d=3: fmt([x[k] for x in m], d)
        p(f'| {e} | {col("level")} | {col("step")} | {col("dense_step")} | {col("eval")} '
          f'| {col("rss", 0)} | {col("acc0", 2)} | {col("acc1", 2)} | {col("wall", 1)} '
          f'| {col("cpu", 1)} |')
    if 'OpenLTH' in by:
        base = {k: agg([x[k] for x in by['OpenLTH']])[0] for k in ('level', 'step', 'dense_step', 'rss')}
        p('')
        p('| Ratio to OpenLTH (medians) | level | step | dense step | peak RSS |')
        p('|---|---|---|---|---|')
        for e in engines:
            if e == 'OpenLTH':
                continue
            med = {k: agg([x[k] for x in by[e]])[0] for k in base}
            p(f'| {e} / OpenLTH | ' + ' | '.join(f'{med[k] / base[k]:.2f}' for k in
                                                 ('level', 'step', 'dense_step', 'rss')) + ' |')
    # Where a level's time goes: the same split for every engine (ms/it, both levels).
    def part(rs, key):
        return fmt([sum(l.get(key, 0.0) for l in r['levels']) / (its * len(r['levels'])) for r in rs])
    def rest(r):
        lv = r['levels']
        return sum(l['loop_ms'] - l['step_ms'] - l['eval_ms'] for l in lv) / (its * len(lv))
    def outside(r):
        lv = r['levels']
        return sum(l['level_ms'] - l['loop_ms'] for l in lv) / (its * len(lv))
    p('')
    p('| Where a level goes, ms/it | level | training steps | evaluation | rest of the loop '
      '(reading batches, saving) | outside the loop (data sets, pruning, rewinding, saving) |')
    p('|---|---|---|---|---|---|')
    for e in engines:
        rs = [r for r in runs if r['engine'] == e]
        p(f'| {e} | {part(rs, "level_ms")} | {part(rs, "step_ms")} | {part(rs, "eval_ms")} '
          f'| {fmt([rest(r) for r in rs])} | {fmt([outside(r) for r in rs])} |')
    ol = [r for r in runs if r['engine'] == 'OpenLTH']
    if ol:
        p('')
        p(f'OpenLTH, ms/it: reading batches {part(ol, "data_ms")} (a PIL image per example, then '
          f'ToTensor and Normalize); step {part(ol, "step_ms")} = forward {part(ol, "forward_ms")} '
          f'(of which masking {part(ol, "mask_ms")}) + backward {part(ol, "backward_ms")} + Adam '
          f'{part(ol, "optimizer_ms")} + loss and zero_grad.')
    p('')
    p('level: wall time of a whole level (pruning and rewinding, the training loop with evaluation and '
      'reading batches, saving) over its iterations, both levels; step: forward + loss + backward + '
      'optimizer step only (LTQ: summary.json trainMillis; OpenLTH: timed from zero_grad to the end of '
      'Adam.step); eval: test-set evaluations at 0, 1000 and 2000 (and, for LTQ, validation); '
      'peak RSS: ru_maxrss of the child process (the JVM for LTQ) from os.wait4; test accuracy at the '
      'end of each level; process: the child from start to exit (interpreter or JVM start included).')
    p(info['data_note'])
    p('')
    p('Commands (one round):')
    p('')
    p('```')
    seen = set()
    for r in runs:
        if r['engine'] in seen:
            continue
        seen.add(r['engine'])
        envs = ' '.join(f"{k}='{v}'" if ' ' in v else f'{k}={v}' for k, v in r['env'].items())
        p(f'{envs} {" ".join(r["cmd"])}')
    p('```')
    return '\n'.join(lines)


def git_head(path):
    try:
        return subprocess.run(['git', '-C', path, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return '?'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--openlth', required=True, help='a checkout of facebookresearch/open_lth')
    ap.add_argument('--data', default='/usr/share/datasets/fashion-mnist',
                    help='Fashion-MNIST idx files, plain or .gz (default: %(default)s)')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--iterations', type=int, default=2000, help='per level (default: %(default)s)')
    ap.add_argument('--threads', type=int, default=1, help='engine threads of every run (default: 1)')
    ap.add_argument('--engines', default='openlth,pytorch,mxnet',
                    help='which of openlth, pytorch, mxnet to run, in this order each round')
    ap.add_argument('--work', required=True, help='scratch folder; deleted at the end unless --keep')
    ap.add_argument('--keep', action='store_true', help='keep --work (logs, run folders)')
    ap.add_argument('--ltq', default=os.path.join(REPO, 'ltq'), help='the ltq launcher')
    ap.add_argument('--python', default=sys.executable,
                    help='Python with torch and torchvision for OpenLTH (default: this one)')
    ap.add_argument('--json', help='write the raw numbers here')
    args = ap.parse_args()
    args.openlth = os.path.abspath(args.openlth)
    args.data = os.path.abspath(args.data)
    args.ltq = os.path.abspath(args.ltq)
    engines = [e.strip().lower() for e in args.engines.split(',') if e.strip()]
    if not set(engines) <= {'openlth', 'pytorch', 'mxnet'}:
        sys.exit('peer-openlth: --engines takes openlth, pytorch and mxnet')
    if 'openlth' in engines and not os.path.exists(os.path.join(args.openlth, 'open_lth.py')):
        sys.exit(f'peer-openlth: no open_lth.py in {args.openlth}')
    if args.iterations % 1000:
        print('note: OpenLTH evaluates once per epoch (1000 iterations); LTQ uses --eval-every 1000',
              file=sys.stderr)

    work = os.path.abspath(args.work)
    if os.path.exists(work) and os.listdir(work):
        sys.exit(f'peer-openlth: {work} exists and is not empty')
    os.makedirs(work, exist_ok=True)
    started = time.monotonic()
    info = {'cpu': cpu_model(), 'cores': os.cpu_count(), 'load_start': loadavg(),
            'date': datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
            'python': platform.python_version(), 'openlth_commit': git_head(args.openlth),
            'ltq_commit': git_head(os.path.dirname(args.ltq))}
    try:
        wrapper = os.path.join(work, 'openlth_timed.py')
        with open(wrapper, 'w') as f:
            f.write(WRAPPER)
        if 'openlth' in engines:
            prepare_data(args.data, os.path.join(work, 'openlth-datasets'))
        validation = None
        if 'pytorch' in engines or 'mxnet' in engines:
            validation = 0 if ltq_validation_zero_works(args, work) else None
        if validation == 0:
            info['data_note'] = ('Data: both train on all 60,000 training images (LTQ --validation 0) '
                                 'and test on the 10,000 test images.')
        else:
            info['data_note'] = ('Data differ: LTQ holds out 5,000 training images for validation '
                                 '(trains on 55,000 and evaluates them too), since LTQ refuses '
                                 '--validation 0 (it stops early on them); OpenLTH trains on all '
                                 '60,000.')
        runs = []
        for rnd in range(1, args.rounds + 1):
            for e in engines:
                t = time.monotonic()
                if e == 'openlth':
                    r = run_openlth(args, wrapper, work, rnd)
                    info.update(torch=r['torch'], torchvision=r['torchvision'])
                else:
                    r = run_ltq(args, 'PyTorch' if e == 'pytorch' else 'MXNet', work, rnd, validation)
                    pv = r.get('provenance') or {}
                    names = info.setdefault('_ltq_engines', {})
                    names[pv.get('engine', e)] = pv.get('engineVersion', '?')
                    info['djl'] = pv.get('djlVersion', '?')
                    info['ltq_engines'] = ', '.join(f'{k} {v}' for k, v in names.items())
                runs.append(r)
                print(f'round {rnd} {r["engine"]}: {time.monotonic() - t:.0f} s, level '
                      f'{metrics(r, args.iterations)["level"]:.3f} ms/it, step '
                      f'{metrics(r, args.iterations)["step"]:.3f} ms/it', file=sys.stderr, flush=True)
        info['load_end'] = loadavg()
        text = report(args, runs, info)
        print(text)
        took = time.monotonic() - started
        print(f'\n(benchmark took {took / 60:.1f} min)')
        if args.json:
            info.pop('_ltq_engines', None)
            with open(args.json, 'w') as f:
                json.dump({'machine': info, 'iterations': args.iterations, 'rounds': args.rounds,
                           'threads': args.threads, 'ltq_validation': validation,
                           'took_s': took, 'runs': runs}, f, indent=1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
