# SPDX-License-Identifier: MIT
"""python3 -m hornet.plot: one PNG figure from hornet output files (what `hornet plot` runs).

Exit codes: 0 written (the path is printed), 2 bad input (missing file, not a hornet file,
nothing to plot, wrong arguments); the message on stderr names the file.
"""

import argparse
import sys

EPILOG = """\
which figure (--kind auto looks at the first FILE):
  pain_course       /readout/pain_signal (a treatment course): ketamine, C-fibre potentiation
                    and pain index over days; several files = reset hypotheses overlaid;
                    raster snapshots of simulated windows underneath (--snapshot DAY)
  sensitization     /slow/rho (plastic C-fibre synapses): rho, fraction potentiated, tests
  windup            a stimulus_response readout (windup_index): response per pulse; several
                    files overlaid (--label NAME per file)
  pharmacokinetics  /pharmacology and no spikes: plasma, effect-site, receptor ketamine
  raster            spikes otherwise: every recorded population and its rate
  sweep             a parameter sweep (DIR/sweep.h5 of hornet sweep, or DIR itself): one
                    panel per metric (--metric NAME to choose); one axis: metric vs axis,
                    replicates as dots, mean +-1 SD; two axes: a heatmap of the mean; more
                    axes: choose --x (line) or --x and --y (heatmap), the rest are averaged

examples:
  python3 -m hornet.plot windup.h5 windup_ket.h5 --label "no ketamine" --label "1 uM"
  python3 -m hornet.plot none.h5 ltd_window.h5 -o course.png --snapshot 20 --snapshot 40
  python3 -m hornet.plot results/windup_sweep/sweep.h5 --metric windup_index
  python3 -m hornet.plot results/windup_sweep --x frequency --y ketamine   # its sweep.png
"""


def _parser():
    p = argparse.ArgumentParser(
        prog="hornet plot", description="Draw a figure (PNG) from hornet output files.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="hornet output file (.h5), or a sweep's directory (its sweep.h5)")
    p.add_argument("-o", "--output", metavar="OUT.png",
                   help="PNG to write (default: the first FILE with extension .png)")
    p.add_argument("--kind", default="auto",
                   choices=["auto", "pain_course", "windup", "pharmacokinetics", "raster",
                            "sensitization", "sweep"], help="figure to draw (default: auto)")
    p.add_argument("--snapshot", action="append", type=float, metavar="DAY",
                   help="pain course: calendar day of a raster snapshot (repeat)")
    p.add_argument("--label", action="append", metavar="NAME",
                   help="legend label of each FILE, in order (repeat; one per file)")
    p.add_argument("--metric", action="append", metavar="NAME",
                   help="sweep: a metric to draw, one panel each (repeat; default: all)")
    p.add_argument("--x", metavar="AXIS", help="sweep: the axis across (default: the first)")
    p.add_argument("--y", metavar="AXIS",
                   help="sweep: the axis up, for a heatmap (default: the second of two axes)")
    return p


def _message(error):
    # KeyError's str() adds quotes; its first argument is the message itself.
    return str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        from . import figures
    except ImportError as error:
        print(f"hornet plot: {error}; install python3-matplotlib (apt-get install "
              f"python3-matplotlib)", file=sys.stderr)
        return 2
    try:
        output, _kind = figures.plot(args.files, args.output, kind=args.kind, labels=args.label,
                                     snapshots=args.snapshot, metrics=args.metric, x=args.x,
                                     y=args.y)
    except (OSError, ValueError, KeyError) as error:
        message = _message(error)
        # Errors from h5py or matplotlib may not say which file they were reading.
        named = [path for path in args.files + [args.output] if path]
        if not any(path in message for path in named):
            message = f"{', '.join(args.files)}: {message}"
        print(f"hornet plot: {message}", file=sys.stderr)
        return 2
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
