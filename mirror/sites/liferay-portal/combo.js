var Liferay={Portlet:{onLoad:function(){}},ThemeDisplay:{}};
