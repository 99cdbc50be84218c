(function(){var b=document.querySelector('.btn-top');if(b){b.onclick=function(){window.scrollTo(0,0)}}})();
