"""Wheel tags for voucher_table.

The package is pure Python over ctypes; a wheel that bundles
libvouchertable.so (as build/embed.sh builds it) is tied to the platform but
to no Python version or ABI, so it is tagged py3-none-<platform>. Without the
library in the package folder the wheel stays py3-none-any and loads the
library from VOUCHER_TABLE_LIB.
"""
from pathlib import Path

from setuptools import setup

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel

BUNDLED = (Path(__file__).parent / "voucher_table" / "libvouchertable.so").exists()


class PlatformWheel(bdist_wheel):
    """bdist_wheel with py3-none-<platform> tags when the library is bundled."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if BUNDLED:
            self.root_is_pure = False

    def get_tag(self) -> tuple:
        python, abi, platform = super().get_tag()
        return ("py3", "none", platform) if BUNDLED else (python, abi, platform)


setup(cmdclass={"bdist_wheel": PlatformWheel})
