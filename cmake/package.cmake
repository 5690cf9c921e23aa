# The Debian package (included by CMakeLists.txt):
#   cpack -G DEB        (in the build directory) -> appvpn_VERSION_ARCH.deb
# It holds what cmake --install installs (binary, man pages, shell completion)
# plus the copyright and changelog files Debian requires (install component
# "debian", which a plain cmake --install leaves out). dpkg-shlibdeps finds the
# dependencies; tests/fresh/deb.sh installs the package on a bare Debian.
set(APPVPN_DEB_MAINTAINER "appvpn maintainers <appvpn@example.org>"
    CACHE STRING "Maintainer field of the Debian package")

set(APPVPN_DEB_DIR ${CMAKE_BINARY_DIR}/debian-doc)
# (TIMESTAMP honours SOURCE_DATE_EPOCH, for a reproducible package.)
string(TIMESTAMP APPVPN_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
string(TIMESTAMP APPVPN_DEB_YEAR "%Y" UTC)
file(WRITE ${APPVPN_DEB_DIR}/changelog
  "appvpn (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
  "  * appvpn ${PROJECT_VERSION}, packaged with cpack.\n\n"
  " -- ${APPVPN_DEB_MAINTAINER}  ${APPVPN_DEB_DATE}\n")
file(WRITE ${APPVPN_DEB_DIR}/copyright
  "appvpn ${PROJECT_VERSION}: a terminal editor and command line for Apple\n"
  "per-app VPN configurations.\n\n"
  "Copyright (C) ${APPVPN_DEB_YEAR} the appvpn authors.\n"
  "The terms are those of the appvpn source tree this package was built from.\n")
if(GZIP)
  add_custom_command(OUTPUT ${APPVPN_DEB_DIR}/changelog.gz
    COMMAND ${GZIP} -9n -c ${APPVPN_DEB_DIR}/changelog > ${APPVPN_DEB_DIR}/changelog.gz
    DEPENDS ${APPVPN_DEB_DIR}/changelog)
  add_custom_target(debian-doc ALL DEPENDS ${APPVPN_DEB_DIR}/changelog.gz)
  install(FILES ${APPVPN_DEB_DIR}/changelog.gz ${APPVPN_DEB_DIR}/copyright
          DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT debian EXCLUDE_FROM_ALL)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME appvpn)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${APPVPN_DEB_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_CMAKE_PROJECTS
    "${CMAKE_BINARY_DIR};appvpn;ALL;/" "${CMAKE_BINARY_DIR};appvpn;debian;/")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "terminal editor and command line for Apple per-app VPN configurations")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "appvpn keeps each per-app VPN configuration of iOS, watchOS, visionOS and
macOS devices in a small YAML file, checks it, and exports it as an Apple
configuration profile (.mobileconfig) for a device or an MDM. It has a
full-screen keyboard editor for terminals and subcommands for scripts (new,
set, validate, export, import, show, types, vars).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${APPVPN_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
