"""Every exact output the chapter shows, from one process, each after a line `==> name <==`."""

from __future__ import annotations

import demo
import drift
import skew
import train
import unsafe_pickle

for name, main in (("train", train.main), ("skew", skew.main), ("drift", drift.main),
                   ("unsafe_pickle", unsafe_pickle.main), ("demo", demo.main)):
    print(f"==> {name} <==", flush=True)
    main()
