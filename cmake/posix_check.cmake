# The portability check (ctest test build/posix): compiles every source under
# src/ as C11 with -D_POSIX_C_SOURCE=200809L alone, as if on a system that is
# not Linux (__linux__ undefined) and without the feature macros the ncurses
# build flags add, so that a Linux- or GNU-only call fails here instead of on
# macOS. A file that needs more defines it at its top and says why.
# DEFINES are the build's own switches (APPVPN_HAVE_PLIST_MEM_FREE).
#   cmake -DCC=compiler -DSRC=source-dir -DINCLUDES="dir|dir" -DDEFINES="A|B" -P posix_check.cmake
file(GLOB_RECURSE sources ${SRC}/src/*.c)
string(REPLACE "|" ";" dirs "${INCLUDES}")
set(incflags -I${SRC}/src)
foreach(d IN LISTS dirs)
  if(d)
    list(APPEND incflags -I${d})
  endif()
endforeach()
string(REPLACE "|" ";" defines "${DEFINES}")
foreach(d IN LISTS defines)
  if(d)
    list(APPEND incflags -D${d})
  endif()
endforeach()
execute_process(
  COMMAND ${CC} -std=c11 -D_POSIX_C_SOURCE=200809L -U__linux__ -U__gnu_linux__ -Ulinux
          -fsyntax-only -Werror=implicit-function-declaration -Werror=int-conversion
          ${incflags} ${sources}
  RESULT_VARIABLE rc)
list(LENGTH sources n)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "posix: the sources above use more than POSIX.1-2008 (${CC})")
endif()
message(STATUS "posix: ${n} sources compile with -D_POSIX_C_SOURCE=200809L alone")
